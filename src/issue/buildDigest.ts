// Feeds → digest: fetch every configured feed, report the ones that failed, choose the stories.
import type { Config } from "../config/load.ts";
import type { Digest } from "../digest/digest.ts";
import { selectStories } from "../digest/selectStories.ts";
import type { FeedResult } from "../feeds/article.ts";
import { expandFeeds } from "../feeds/expandFeeds.ts";
import { fetchFeeds, type FeedStateStore } from "../feeds/fetchFeed.ts";
import type { Logger } from "../logger.ts";

export interface BuiltDigest {
  digest: Digest;
  feeds: FeedResult[];
}

export async function buildDigest(
  config: Config,
  alreadySent: ReadonlySet<string>,
  now: Date,
  log: Logger,
  feedState?: FeedStateStore,
  signal?: AbortSignal,
): Promise<BuiltDigest> {
  const feeds = await fetchFeeds(await expandFeeds(config.feeds), config.fetch, now, { feedState, signal });
  for (const feed of feeds) {
    if (!feed.ok) log.warn(`feed "${feed.name}" failed (${feed.source}): ${feed.error.message}`);
  }
  const digest = selectStories({ feeds, settings: config.digest, now, alreadySent });
  return { digest, feeds };
}
