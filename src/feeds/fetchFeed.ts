// Fetches, parses and normalises one feed, or all configured feeds at once; a failure is a result, not a throw.
import type { FeedConfig, FetchOptions } from "../config/schema.ts";
import { describeError, LeadlineError } from "../errors.ts";
import type { FeedResult } from "./article.ts";
import { fetchSource } from "./fetchSource.ts";
import { normaliseArticle } from "./normaliseArticle.ts";
import { parseFeed } from "./parseFeed.ts";
import { absoluteUrl, plainText } from "./sanitise.ts";

export interface FeedSource {
  url: string;
  name?: string | undefined;
}

export async function fetchFeed(source: FeedSource, options: FetchOptions, now: Date, signal?: AbortSignal): Promise<FeedResult> {
  const fallbackName = source.name ?? source.url;
  try {
    const xml = await fetchSource(source.url, options, signal);
    const raw = await parseFeed(xml);
    const title = plainText(raw.title ?? "");
    const name = source.name ?? (title || source.url);
    const feedLink = absoluteUrl(raw.link ?? "", isUrl(source.url) ? source.url : undefined);
    const context = { feedName: name, seenAt: now, ...(feedLink ? { feedLink } : {}) };
    const feed = {
      title,
      ...(feedLink ? { link: feedLink } : {}),
      ...(raw.description ? { description: plainText(raw.description) } : {}),
      ...(raw.image?.url ? { image: absoluteUrl(raw.image.url, feedLink) } : {}),
    };
    return { source: source.url, name, ok: true, feed, articles: raw.items.map((item) => normaliseArticle(item, context)) };
  } catch (error) {
    const code = error instanceof LeadlineError ? error.code : "EFEED";
    return { source: source.url, name: fallbackName, ok: false, error: { code, message: describeError(error) } };
  }
}

/** Every configured feed, `concurrency` at a time; results in config order. */
export async function fetchFeeds(feeds: readonly FeedConfig[], options: FetchOptions, now: Date, signal?: AbortSignal): Promise<FeedResult[]> {
  const results: FeedResult[] = new Array(feeds.length);
  let next = 0;
  const worker = async () => {
    while (next < feeds.length) {
      const index = next++;
      results[index] = await fetchFeed(feeds[index]!, options, now, signal);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, feeds.length) }, worker));
  return results;
}

function isUrl(location: string): boolean {
  return /^https?:\/\//i.test(location);
}
