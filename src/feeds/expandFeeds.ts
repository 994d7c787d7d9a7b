// The configured feed list with each `opml:` entry replaced by the feeds its OPML file lists.
import path from "node:path";
import { isHttpUrl, type FeedConfig } from "../config/schema.ts";
import { LeadlineError } from "../errors.ts";
import { readFileBytes } from "../readTextFile.ts";
import { decodeFeed } from "./decodeFeed.ts";
import type { FeedSource } from "./fetchFeed.ts";
import { readOpml } from "./readOpml.ts";

/**
 * Feed paths in an OPML file are relative to that file. Duplicate URLs are fetched once. A broken
 * OPML file is a config error, named like the others: the config file, then the key.
 */
export async function expandFeeds(config: { feeds: readonly FeedConfig[]; file: string }): Promise<FeedSource[]> {
  const lists = await Promise.all(
    config.feeds.map((feed, index) =>
      feed.opml === undefined ? [{ url: feed.url!, name: feed.name, weight: feed.weight }] : opmlFeeds(feed.opml, `${config.file}: feeds[${index}].opml`, feed.weight),
    ),
  );
  const seen = new Set<string>();
  return lists.flat().filter((feed) => !seen.has(feed.url) && seen.add(feed.url));
}

async function opmlFeeds(file: string, key: string, weight: number): Promise<FeedSource[]> {
  const bytes = readFileBytes(file, "ECONFIG", key);
  let listed;
  try {
    // OPML is XML: its declaration names its encoding (an export in ISO-8859-1 is not rare).
    listed = readOpml(decodeFeed(bytes));
  } catch (error) {
    throw new LeadlineError("ECONFIG", `${key}: ${file}: not a usable OPML file: ${(error as Error).message}`);
  }
  return listed.map((feed) => ({ ...feed, weight, url: opmlLocation(feed.url, file, key) }));
}

/** An http(s) URL as it is; a path relative to the OPML file; any other scheme is refused, as in the config. */
function opmlLocation(url: string, file: string, key: string): string {
  if (isHttpUrl(url)) return url;
  if (/^[a-z][a-z0-9+.-]*:/i.test(url)) {
    throw new LeadlineError("ECONFIG", `${key}: ${file}: feed "${url}": expected a URL (http or https) or a file path`);
  }
  return path.resolve(path.dirname(file), url);
}
