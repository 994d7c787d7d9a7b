// The configured feed list with each `opml:` entry replaced by the feeds its OPML file lists.
import path from "node:path";
import { isHttpUrl, type FeedConfig } from "../config/schema.ts";
import { LeadlineError } from "../errors.ts";
import { readTextFile } from "../readTextFile.ts";
import type { FeedSource } from "./fetchFeed.ts";
import { readOpml } from "./readOpml.ts";

/** Feed paths in an OPML file are relative to that file. Duplicate URLs are fetched once. */
export async function expandFeeds(feeds: readonly FeedConfig[]): Promise<FeedSource[]> {
  const lists = await Promise.all(feeds.map((feed, index) => (feed.opml === undefined ? [{ url: feed.url!, name: feed.name, weight: feed.weight }] : opmlFeeds(feed.opml, index, feed.weight))));
  const seen = new Set<string>();
  return lists.flat().filter((feed) => !seen.has(feed.url) && seen.add(feed.url));
}

async function opmlFeeds(file: string, index: number, weight: number): Promise<FeedSource[]> {
  const text = readTextFile(file, "ECONFIG", `feeds[${index}].opml`);
  let listed;
  try {
    listed = readOpml(text);
  } catch (error) {
    throw new LeadlineError("ECONFIG", `feeds[${index}].opml: ${file}: not a usable OPML file: ${(error as Error).message}`);
  }
  return listed.map((feed) => ({ ...feed, weight, url: opmlLocation(feed.url, file, index) }));
}

/** An http(s) URL as it is; a path relative to the OPML file; any other scheme is refused, as in the config. */
function opmlLocation(url: string, file: string, index: number): string {
  if (isHttpUrl(url)) return url;
  if (/^[a-z][a-z0-9+.-]*:/i.test(url)) {
    throw new LeadlineError("ECONFIG", `feeds[${index}].opml: ${file}: feed "${url}": expected a URL (http or https) or a file path`);
  }
  return path.resolve(path.dirname(file), url);
}
