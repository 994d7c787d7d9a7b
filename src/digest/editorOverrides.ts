// The editor's choices for the next issue (pins, drops, headline order, subject, intro note) and how they match articles.
import type { Article } from "../feeds/article.ts";
import { namesArticle } from "../feeds/canonicalLink.ts";

export interface EditorOverrides {
  /** Articles (id or link) to pin, most recently pinned first: the first one that matches leads. */
  pins: readonly string[];
  /** Articles (id or link) whose story must not appear. */
  drops: readonly string[];
  note?: string | undefined;
  /** The headlines an editor moved, each with the place it was moved to; selection fills the other places. */
  order?: readonly HeadlinePlacement[] | undefined;
  /** The subject line, word for word, instead of `newsletter.subject`. */
  subject?: string | undefined;
}

/**
 * A headline an editor moved: its article (id or link) and its place among the headlines that are not pinned
 * (within its section, with `digest.sections`), 0 first. Only the moved story is named, so the others keep
 * their ranked places and their reasons.
 */
export interface HeadlinePlacement {
  article: string;
  at: number;
}

export const NO_OVERRIDES: EditorOverrides = { pins: [], drops: [] };

/** An override names an article by its id or its link, as `leadline fetch` shows them (or as the site does). */
export function matchesArticle(reference: string, article: Article): boolean {
  return namesArticle(reference, article);
}
