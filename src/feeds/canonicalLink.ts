// One form of an article's link, so two fetches or two feeds of one story agree on it.
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
