// One form of an article's link, so two fetches, two feeds or an editor and a feed agree on it.
/** The link without tracking parameters (`utm_*` and the click ids below) and fragment; text that is no URL stays as it is. */
export function canonicalLink(link: string): string {
  const url = parsedUrl(link);
  if (!url) return link;
  url.hash = "";
  for (const key of [...url.searchParams.keys()]) {
    if (key.toLowerCase().startsWith("utm_")) url.searchParams.delete(key);
  }
  return withoutClickIds(url.href);
}

/**
 * Another platform's click and campaign ids (Facebook, Google, Microsoft, Mailchimp…): they follow a
 * link shared from there, name nothing about the article, and are not ours to hand every subscriber.
 * Taken out of the link subscribers get, too (`utm_*` stay there: newsletter.linkTags sets its own).
 */
const CLICK_IDS = new Set(["fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "ttclid", "igshid", "mc_cid", "mc_eid", "_hsenc", "_hsmi", "mkt_tok"]);

export function withoutClickIds(link: string): string {
  const url = parsedUrl(link);
  if (!url || ![...url.searchParams.keys()].some((key) => CLICK_IDS.has(key.toLowerCase()))) return link;
  for (const key of [...url.searchParams.keys()]) if (CLICK_IDS.has(key.toLowerCase())) url.searchParams.delete(key);
  return url.href;
}

/**
 * The canonical link without its scheme: a site that serves both gives one article as http:// in one
 * feed and https:// in another.
 */
export function linkKey(link: string): string {
  return canonicalLink(link).replace(/^https?:(?=\/\/)/i, "");
}

function parsedUrl(link: string): URL | undefined {
  try {
    return new URL(link);
  } catch {
    return undefined;
  }
}

/**
 * Whether an editor's reference (pin, drop, a moved headline) names this article: its id, or its link
 * as the site shows it, with or without the feed's tracking parameters and fragment.
 */
export function namesArticle(reference: string, article: { id: string; link: string }): boolean {
  if (reference === article.id || reference === article.link) return true;
  return article.link !== "" && linkKey(reference) === linkKey(article.link);
}
