// Per-feed state between runs: the validators for conditional GET, and health (last success, last error, consecutive failures).
import type { FetchedFeed } from "../feeds/article.ts";
import { namesArticle } from "../feeds/canonicalLink.ts";
import type { Db } from "./openStore.ts";

export interface FeedHealth {
  url: string;
  title: string | null;
  etag: string | null;
  lastModified: string | null;
  lastFetchedAt: string | null;
  lastSuccessAt: string | null;
  /** The last successful fetch was a 304. */
  lastNotModified: boolean;
  lastError: string | null;
  lastErrorAt: string | null;
  consecutiveFailures: number;
}

interface Validators {
  etag?: string | undefined;
  lastModified?: string | undefined;
}

/** The object the fetch stage is handed to read validators and record outcomes. */
export function feedStateStore(db: Db) {
  return {
    lastGood(url: string): { validators: Validators; result: FetchedFeed } | undefined {
      const row = db.prepare("SELECT etag, last_modified AS lastModified, last_result AS lastResult FROM feed_state WHERE url = ?").get(url) as
        | { etag: string | null; lastModified: string | null; lastResult: string | null }
        | undefined;
      if (!row?.lastResult || (!row.etag && !row.lastModified)) return undefined;
      const validators = { etag: row.etag ?? undefined, lastModified: row.lastModified ?? undefined };
      return { validators, result: JSON.parse(row.lastResult) as FetchedFeed };
    },
    recordSuccess(url: string, outcome: { validators: Validators; title?: string | undefined; notModified: boolean; result?: FetchedFeed }, now: Date): void {
      db.prepare(
        `INSERT INTO feed_state (url, title, etag, last_modified, last_fetched_at, last_success_at, last_not_modified, consecutive_failures, last_result)
         VALUES (@url, @title, @etag, @lastModified, @now, @now, @notModified, 0, @result)
         ON CONFLICT (url) DO UPDATE SET title = COALESCE(excluded.title, title), etag = excluded.etag,
           last_modified = excluded.last_modified, last_fetched_at = excluded.last_fetched_at,
           last_success_at = excluded.last_success_at, last_not_modified = excluded.last_not_modified, consecutive_failures = 0,
           last_result = COALESCE(excluded.last_result, last_result)`,
      ).run({
        url,
        title: outcome.title || null,
        etag: outcome.validators.etag ?? null,
        lastModified: outcome.validators.lastModified ?? null,
        now: now.toISOString(),
        notModified: outcome.notModified ? 1 : 0,
        result: outcome.result ? JSON.stringify(outcome.result) : null,
      });
    },
    recordFailure(url: string, message: string, now: Date): void {
      db.prepare(
        `INSERT INTO feed_state (url, last_fetched_at, last_error, last_error_at, consecutive_failures) VALUES (@url, @now, @message, @now, 1)
         ON CONFLICT (url) DO UPDATE SET last_fetched_at = excluded.last_fetched_at, last_error = excluded.last_error,
           last_error_at = excluded.last_error_at, consecutive_failures = consecutive_failures + 1`,
      ).run({ url, message, now: now.toISOString() });
    },
  };
}

/**
 * Whether an article id or link appears in what the feeds last yielded; undefined when nothing has
 * been fetched yet. A match on the JSON text of the stored results, enough for a warning.
 */
export function articleKnown(db: Db, reference: string): boolean | undefined {
  const fetched = db.prepare("SELECT COUNT(*) AS n FROM feed_state WHERE last_result IS NOT NULL").get() as { n: number };
  if (fetched.n === 0) return undefined;
  return articleNames(db, reference).length > 0;
}

/**
 * Every id and link of the articles that have this id or link in what the feeds last yielded: an override made
 * with an article's link names the same article as one made with its id.
 */
export function articleNames(db: Db, reference: string): string[] {
  // Every feed's last result is read: a link given as the site shows it is no substring of the feed's (?utm_…).
  const rows = db.prepare("SELECT last_result AS result FROM feed_state WHERE last_result IS NOT NULL").all() as { result: string }[];
  const names = new Set<string>();
  for (const row of rows) {
    for (const article of (JSON.parse(row.result) as FetchedFeed).articles) {
      if (namesArticle(reference, article)) names.add(article.id).add(article.link);
    }
  }
  return [...names];
}

export function feedHealth(db: Db, url: string): FeedHealth | undefined {
  const row = db
    .prepare(
      `SELECT url, title, etag, last_modified AS lastModified, last_fetched_at AS lastFetchedAt, last_success_at AS lastSuccessAt,
              last_not_modified AS lastNotModified, last_error AS lastError, last_error_at AS lastErrorAt,
              consecutive_failures AS consecutiveFailures
       FROM feed_state WHERE url = ?`,
    )
    .get(url) as (Omit<FeedHealth, "lastNotModified"> & { lastNotModified: number }) | undefined;
  return row ? { ...row, lastNotModified: row.lastNotModified === 1 } : undefined;
}
