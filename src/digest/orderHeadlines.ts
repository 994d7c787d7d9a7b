// The editor's headline order, applied after ranking: the stories it names first, in its order, then the rest as ranked.
import type { DigestStory } from "./digest.ts";

/** A reference names a story by any of its articles' ids or its link, so a new representative still matches. */
export function namesStory(reference: string, story: DigestStory): boolean {
  return reference === story.id || reference === story.link || (story.alsoIn ?? []).some((a) => a.id === reference || a.link === reference);
}

export function orderHeadlines(headlines: readonly DigestStory[], order: readonly string[]): DigestStory[] {
  const rank = (story: DigestStory) => {
    const at = order.findIndex((reference) => namesStory(reference, story));
    return at < 0 ? Infinity : at;
  };
  // Array.prototype.sort is stable: stories the order does not name keep their ranking among themselves.
  return [...headlines].sort((a, b) => {
    const [x, y] = [rank(a), rank(b)];
    return x === y ? 0 : x < y ? -1 : 1;
  });
}
