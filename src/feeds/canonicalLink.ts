// One form of an article's link, so two fetches, two feeds or an editor and a feed agree on it.
/** The link without tracking parameters (`utm_*`) and fragment; text that is no URL stays as it is. */
export function canonicalLink(link: string): string {
  try {
    const url = new URL(link);
    url.hash = "";
    for (const key of [...url.searchParams.keys()]) {
      if (key.toLowerCase().startsWith("utm_")) url.searchParams.delete(key);
    }
    return url.href;
  } catch {
    return link;
  }
}

/**
 * Whether an editor's reference (pin, drop, a moved headline) names this article: its id, or its link
 * as the site shows it, with or without the feed's tracking parameters and fragment.
 */
export function namesArticle(reference: string, article: { id: string; link: string }): boolean {
  if (reference === article.id || reference === article.link) return true;
  return article.link !== "" && canonicalLink(reference) === canonicalLink(article.link);
}
