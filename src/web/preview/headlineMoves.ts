// Moving a headline up or down on the editor's page: the list it moves in, and the places the move stores.
import type { Digest, DigestStory } from "../../digest/digest.ts";
import type { HeadlinePlacement } from "../../digest/editorOverrides.ts";
import { namesStory } from "../../digest/orderHeadlines.ts";

/** The headlines a story moves among (its section's, or all), pins left out: pins head the list and stay there. */
export function movableHeadlines(digest: Digest, id: string): DigestStory[] {
  const list = digest.sections?.find((s) => s.headlines.some((h) => h.id === id))?.headlines ?? digest.headlines;
  return list.filter((h) => !h.pinned);
}

/** Whether the editor chose this headline's place (a pin's place is the pin's, not the order's). */
export function isPlaced(digest: Digest, story: DigestStory): boolean {
  return !story.pinned && (digest.overrides?.order ?? []).some((p) => namesStory(p.article, story));
}

/**
 * The editor's places after moving a headline one place up or down; undefined when it cannot go that way.
 * The story takes its neighbour's place; the neighbour is named only if the editor had placed it (it then
 * takes the story's old place), otherwise selection moves it along by itself and it keeps its reason.
 */
export function moveHeadline(digest: Digest, id: string, direction: "up" | "down"): HeadlinePlacement[] | undefined {
  const list = movableHeadlines(digest, id);
  const from = list.findIndex((h) => h.id === id);
  const to = from + (direction === "up" ? -1 : 1);
  if (from < 0 || to < 0 || to >= list.length) return undefined;
  const [moved, neighbour] = [list[from]!, list[to]!];
  const others = (digest.overrides?.order ?? []).filter((p) => !namesStory(p.article, moved) && !namesStory(p.article, neighbour));
  const swapped = isPlaced(digest, neighbour) ? [{ article: neighbour.id, at: from }] : [];
  return [...others, { article: moved.id, at: to }, ...swapped];
}
