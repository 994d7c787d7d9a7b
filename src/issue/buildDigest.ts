// Feeds → digest: fetch every configured feed, report the ones that failed, choose the stories.
import type { Config } from "../config/load.ts";
import type { EditorOverrides } from "../digest/editorOverrides.ts";
import { selectStories, type Selection } from "../digest/selectStories.ts";
import type { FeedResult } from "../feeds/article.ts";
import { expandFeeds } from "../feeds/expandFeeds.ts";
import { fetchFeeds, type FeedStateStore } from "../feeds/fetchFeed.ts";
import type { Logger } from "../logger.ts";

/** What the newsletter did before and what the editor asked for: selection's inputs from the store. */
export interface SelectionHistory {
  alreadySent: ReadonlySet<string>;
  overrides: EditorOverrides;
}

export interface BuiltDigest {
  selection: Selection;
  feeds: FeedResult[];
}

export async function buildDigest(
  config: Config,
  history: SelectionHistory,
  now: Date,
  log: Logger,
  feedState?: FeedStateStore,
  signal?: AbortSignal,
): Promise<BuiltDigest> {
  const sources = await expandFeeds(config);
  const feeds = await fetchFeeds(sources, config.fetch, now, { feedState, signal });
  for (const feed of feeds) {
    if (!feed.ok) log.warn(`feed "${feed.name}" failed (${feed.source}): ${feed.error.message}`);
  }
  const selection = selectStories({
    feeds,
    settings: config.digest,
    now,
    weights: new Map(sources.map((f) => [f.url, f.weight ?? 1])),
    lang: config.newsletter.lang,
    ...history,
  });
  return { selection, feeds };
}
