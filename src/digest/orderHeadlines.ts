// The editor's headline order: a story an editor moved takes the place it was moved to; the others fill the free places as ranked.
import type { DigestStory } from "./digest.ts";

/** A reference names a story by any of its articles' ids or its link, so a new representative still matches. */
export function namesStory(reference: string, story: DigestStory): boolean {
  return reference === story.id || reference === story.link || (story.alsoIn ?? []).some((a) => a.id === reference || a.link === reference);
}

/**
 * Arranges ranked items (already chosen, pins left out) with the editor's places: `placeOf` gives an item's
 * place, or undefined when the editor did not move it. A place past the end, or one two items claim, goes to
 * the next free one, so every item is shown and none is lost.
 */
export function orderHeadlines<T>(ranked: readonly T[], placeOf: (item: T) => number | undefined): T[] {
  const placed = ranked.filter((item) => placeOf(item) !== undefined).sort((a, b) => placeOf(a)! - placeOf(b)!);
  const others = ranked.filter((item) => placeOf(item) === undefined);
  const arranged: T[] = [];
  while (placed.length > 0 || others.length > 0) {
    const placedNext = placed.length > 0 && (others.length === 0 || placeOf(placed[0]!)! <= arranged.length);
    arranged.push((placedNext ? placed : others).shift()!);
  }
  return arranged;
}
