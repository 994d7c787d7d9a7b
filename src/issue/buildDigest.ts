// Feeds → digest: fetch every configured feed, report the ones that failed, choose the stories.
import type { Config } from "../config/load.ts";
import { matchesArticle, type EditorOverrides } from "../digest/editorOverrides.ts";
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

/**
 * Articles a feed offers a digest at most: the newest (an article an editor pinned as well). A feed
 * is a list of recent stories; one that serves its archive (thousands of items, within fetch.maxBytes)
 * made the comparison of every story with every other take minutes.
 */
export const MAX_ARTICLES_PER_FEED = 500;

function newestOnly(feed: FeedResult, overrides: EditorOverrides, log: Logger): FeedResult {
  if (!feed.ok || feed.articles.length <= MAX_ARTICLES_PER_FEED) return feed;
  const newest = [...feed.articles].sort((a, b) => Date.parse(b.published) - Date.parse(a.published)).slice(0, MAX_ARTICLES_PER_FEED);
  const kept = new Set(newest);
  const pinned = feed.articles.filter((a) => !kept.has(a) && overrides.pins.some((ref) => matchesArticle(ref, a)));
  log.warn(`feed "${feed.name}" has ${feed.articles.length} articles: only its newest ${MAX_ARTICLES_PER_FEED} are considered`);
  // In the feed's own order: selection breaks some ties by it.
  return { ...feed, articles: feed.articles.filter((a) => kept.has(a) || pinned.includes(a)) };
}

/** Items a feed gave that no issue can carry (no title, no link): said once per build, or they vanish without a word. */
function warnOfSkipped(feed: Extract<FeedResult, { ok: true }>, log: Logger): void {
  const reasons = new Map<string, number>();
  for (const article of feed.articles) if (article.skipped) reasons.set(article.skipped, (reasons.get(article.skipped) ?? 0) + 1);
  if (reasons.size === 0) return;
  const counts = [...reasons].map(([reason, n]) => `${n} with ${reason}`).join(", ");
  log.warn(`feed "${feed.name}": ${[...reasons.values()].reduce((a, b) => a + b)} item(s) skipped (${counts}); \`leadline fetch ${feed.source}\` lists them`);
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
    else warnOfSkipped(feed, log);
  }
  const selection = selectStories({
    feeds: feeds.map((feed) => newestOnly(feed, history.overrides, log)),
    settings: config.digest,
    now,
    weights: new Map(sources.map((f) => [f.url, f.weight ?? 1])),
    lang: config.newsletter.lang,
    ...history,
  });
  return { selection, feeds };
}
