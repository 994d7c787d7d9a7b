// The editor's choices for the next issue (pins, drops, headline order, subject, intro note) and how they match articles.
import type { Article } from "../feeds/article.ts";

export interface EditorOverrides {
  /** Articles (id or link) to pin, most recently pinned first: the first one that matches leads. */
  pins: readonly string[];
  /** Articles (id or link) whose story must not appear. */
  drops: readonly string[];
  note?: string | undefined;
  /** Article ids (or links) in the order the editor wants the headlines; unnamed headlines follow. */
  order?: readonly string[] | undefined;
  /** The subject line, word for word, instead of `newsletter.subject`. */
  subject?: string | undefined;
}

export const NO_OVERRIDES: EditorOverrides = { pins: [], drops: [] };

/** An override names an article by its id or its link, as `leadline fetch` shows them. */
export function matchesArticle(reference: string, article: Article): boolean {
  return reference === article.id || reference === article.link;
}
