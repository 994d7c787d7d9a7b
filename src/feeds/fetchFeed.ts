// Fetches, parses and normalises one feed, or every configured feed through a bounded pool; a failure is a result, not a throw.
import { isHttpUrl, type FetchOptions } from "../config/schema.ts";
import { concurrencyLimit, eachConcurrently } from "../eachConcurrently.ts";
import { describeError, LeadlineError } from "../errors.ts";
import type { FeedInfo, FeedResult, FetchedFeed } from "./article.ts";
import { fetchSource } from "./fetchSource.ts";
import type { Validators } from "./httpGet.ts";
import { normaliseArticle } from "./normaliseArticle.ts";
import { parseFeed } from "./parseFeed.ts";
import { absoluteUrl, plainText } from "./sanitise.ts";

export interface FeedSource {
  url: string;
  name?: string | undefined;
  /** How much the feed counts in story scores (`feeds[].weight`; an OPML entry's weight covers its feeds). */
  weight?: number;
}

/** Where conditional-GET validators, the last good result and feed health live between runs (the store implements it). */
export interface FeedStateStore {
  /** The validators of the last good fetch and what it yielded; a 304 means "that again". */
  lastGood(url: string): { validators: Validators; result: FetchedFeed } | undefined;
  recordSuccess(url: string, outcome: { validators: Validators; title?: string | undefined; notModified: boolean; result?: FetchedFeed }, now: Date): void;
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
    // Only ask "changed since?" when we still hold what we got then: a 304 must not lose articles that
    // a preview, or a run that sent nothing, fetched but never sent. History filters what went out.
    const lastGood = feedState?.lastGood(source.url);
    const fetched = await fetchSource(source.url, options, lastGood?.validators, signal);
    if (fetched.notModified && lastGood) {
      feedState?.recordSuccess(source.url, { validators: fetched.validators, notModified: true }, now);
      return { ...lastGood.result, name: source.name ?? lastGood.result.name, notModified: true };
    }
    if (fetched.notModified) throw new LeadlineError("EFEED", "HTTP 304 Not Modified to a request that was not conditional");
    const result = await readFeed(fetched.text, source, now, fetched.url);
    feedState?.recordSuccess(source.url, { validators: fetched.validators, title: result.feed.title, notModified: false, result }, now);
    return result;
  } catch (error) {
    const code = error instanceof LeadlineError ? error.code : "EFEED";
    const message = describeError(error);
    // A fetch we cancelled ourselves (shutdown) says nothing about the feed's health.
    if (!signal?.aborted) feedState?.recordFailure(source.url, message, now);
    return { source: source.url, name: source.name ?? source.url, ok: false, error: { code, message } };
  }
}

async function readFeed(text: string, source: FeedSource, now: Date, finalUrl?: string): Promise<FetchedFeed> {
  // After a redirect, relative links are relative to where the document now lives.
  const documentUrl = finalUrl ?? (isHttpUrl(source.url) ? source.url : undefined);
  const parsed = await parseFeed(text, documentUrl);
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

/**
 * Every feed; at most `options.concurrency` at a time per host, hosts in parallel, so one slow
 * server neither holds up the others nor gets more than its share; and at most
 * `options.totalConcurrency` in all, so a list of a thousand hosts does not open a thousand sockets
 * (and hold a thousand bodies of up to `maxBytes`) at once. Results in the order given.
 */
export async function fetchFeeds(feeds: readonly FeedSource[], options: FetchOptions, now: Date, context: FetchContext = {}): Promise<FeedResult[]> {
  const results: FeedResult[] = new Array(feeds.length);
  const byHost = new Map<string, number[]>();
  const turn = concurrencyLimit(options.totalConcurrency);
  feeds.forEach((feed, index) => {
    const host = hostOf(feed.url);
    byHost.set(host, [...(byHost.get(host) ?? []), index]);
  });
  const fetchHost = async (indexes: number[]) => {
    let next = 0;
    await eachConcurrently(
      Math.min(options.concurrency, indexes.length),
      () => indexes[next++],
      async (index) => {
        results[index] = await turn(() => fetchFeed(feeds[index]!, options, now, context));
      },
    );
  };
  await Promise.all([...byHost.values()].map(fetchHost));
  return results;
}

/** The pool key: the URL's host, or "" for files. */
function hostOf(url: string): string {
  return isHttpUrl(url) ? new URL(url).hostname : "";
}
