// What an earlier issue is remembered by: an article's id and its canonical link.
import { canonicalLink, linkKey } from "../feeds/canonicalLink.ts";

/**
 * Both, because feeds change guids — a CMS migration, an article republished or moved to another
 * feed under a new id — and readers should not get yesterday's story again for it. The link is
 * prefixed so it never collides with an id that happens to be a URL (it may be the same text, which
 * is harmless). No link, no link key.
 */
export function historyKeys(article: { id: string; link: string }): string[] {
  // The scheme-less key finds the story again under http:// or https://; the canonical link is what
  // issues stored before that key existed remember it by.
  return article.link ? [article.id, `link:${canonicalLink(article.link)}`, `link:${linkKey(article.link)}`] : [article.id];
}
