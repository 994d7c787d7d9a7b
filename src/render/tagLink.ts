// UTM tagging of article links, so the newsroom's analytics can tell newsletter readers apart.
export interface UtmTags {
  source: string;
  medium: string;
  campaign: string;
}

/** Adds utm_* parameters to an http(s) link; a link that already carries any utm_ parameter is left alone. */
export function tagLink(link: string, tags: UtmTags | undefined): string {
  if (tags === undefined) return link;
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return link;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return link;
  if ([...url.searchParams.keys()].some((key) => key.startsWith("utm_"))) return link;
  url.searchParams.set("utm_source", tags.source);
  url.searchParams.set("utm_medium", tags.medium);
  url.searchParams.set("utm_campaign", tags.campaign);
  return url.toString();
}
