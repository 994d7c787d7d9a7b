// Fetches, parses and normalises one feed, or every configured feed through a bounded pool; a failure is a result, not a throw.
import { isHttpUrl, type FetchOptions } from "../config/schema.ts";
import { describeError, LeadlineError } from "../errors.ts";
import type { FeedInfo, FeedResult } from "./article.ts";
import { fetchSource } from "./fetchSource.ts";
import type { Validators } from "./httpGet.ts";
import { normaliseArticle } from "./normaliseArticle.ts";
import { parseFeed } from "./parseFeed.ts";
import { absoluteUrl, plainText } from "./sanitise.ts";

export interface FeedSource {
  url: string;
  name?: string | undefined;
}

/** Where conditional-GET validators and feed health live between runs (the store implements it). */
export interface FeedStateStore {
  validators(url: string): Validators | undefined;
  recordSuccess(url: string, outcome: { validators: Validators; title?: string | undefined; notModified: boolean }, now: Date): void;
  recordFailure(url: string, message: string, now: Date): void;
}

export interface FetchContext {
  /** Without it there is no conditional GET and no health record (e.g. `leadline fetch URL`). */
  feedState?: FeedStateStore | undefined;
  signal?: AbortSignal | undefined;
}

export async function fetchFeed(source: FeedSource, options: FetchOptions, now: Date, context: FetchContext = {}): Promise<FeedResult> {
  const { feedState, signal } = context;
  try {
    const fetched = await fetchSource(source.url, options, feedState?.validators(source.url), signal);
    if (fetched.notModified) {
      feedState?.recordSuccess(source.url, { validators: fetched.validators, notModified: true }, now);
      const name = source.name ?? source.url;
      return { source: source.url, name, ok: true, notModified: true, feed: { title: "" }, articles: [] };
    }
    const result = readFeed(fetched.text, source, now);
    feedState?.recordSuccess(source.url, { validators: fetched.validators, title: result.feed.title, notModified: false }, now);
    return result;
  } catch (error) {
    const code = error instanceof LeadlineError ? error.code : "EFEED";
    const message = describeError(error);
    feedState?.recordFailure(source.url, message, now);
    return { source: source.url, name: source.name ?? source.url, ok: false, error: { code, message } };
  }
}

function readFeed(text: string, source: FeedSource, now: Date): Extract<FeedResult, { ok: true }> {
  const documentUrl = isHttpUrl(source.url) ? source.url : undefined;
  const parsed = parseFeed(text, documentUrl);
  const title = plainText(parsed.title ?? "");
  const name = source.name ?? (title || source.url);
  const feedLink = absoluteUrl(parsed.link ?? "", parsed.base ?? documentUrl);
  const feed: FeedInfo = { title, format: parsed.format };
  if (feedLink) feed.link = feedLink;
  const description = plainText(parsed.description ?? "");
  if (description) feed.description = description;
  const image = absoluteUrl(parsed.image ?? "", parsed.base ?? feedLink ?? documentUrl);
  if (image?.startsWith("http")) feed.image = image;
  const context = { feedName: name, seenAt: now, feedLink: feedLink ?? documentUrl };
  return { source: source.url, name, ok: true, feed, articles: parsed.entries.map((entry) => normaliseArticle(entry, context)) };
}

/** Every feed, `options.concurrency` at a time; results in the order given. */
export async function fetchFeeds(feeds: readonly FeedSource[], options: FetchOptions, now: Date, context: FetchContext = {}): Promise<FeedResult[]> {
  const results: FeedResult[] = new Array(feeds.length);
  let next = 0;
  const worker = async () => {
    while (next < feeds.length) {
      const index = next++;
      results[index] = await fetchFeed(feeds[index]!, options, now, context);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, feeds.length) }, worker));
  return results;
}
