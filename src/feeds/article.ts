// The one shape every feed format is normalised into, and what a fetch of one source yields.
import type { FeedFormat } from "./parsedFeed.ts";

export interface ArticleImage {
  url: string;
  alt?: string;
  credit?: string;
  /** Pixels, both or neither: only when the feed gave both as whole numbers (1–10000). */
  width?: number;
  height?: number;
}

export interface Enclosure {
  url: string;
  type?: string;
  length?: number;
}

export interface Article {
  /** The feed's guid/id, else the canonical link. */
  id: string;
  /** Name of the feed it came from (config `name`, else the feed's title). */
  feedName: string;
  title: string;
  link: string;
  /** ISO-8601 UTC. */
  published: string;
  updated?: string;
  /** True when the feed gave no usable date and `published` is when Leadline first saw it. */
  dateMissing?: boolean;
  author?: string;
  /** Plain text, no markup. */
  summary: string;
  /** Sanitised HTML, safe to put in an email. */
  contentHtml: string;
  image?: ArticleImage;
  categories: string[];
  enclosures: Enclosure[];
  /** Why the digest cannot use this entry; it is listed, not dropped. */
  skipped?: string;
}

export interface FeedInfo {
  title: string;
  /** "RSS 2.0", "Atom 1.0", "JSON Feed 1.1"…; absent when the server answered 304. */
  format?: FeedFormat;
  link?: string;
  description?: string;
  image?: string;
}

export type FeedResult =
  /** `notModified`: the server answered 304, so there are no new articles this run. */
  | { source: string; name: string; ok: true; notModified?: true; feed: FeedInfo; articles: Article[] }
  | { source: string; name: string; ok: false; error: { code: string; message: string } };

/** A feed that was read: what a 304 later stands for. */
export type FetchedFeed = Extract<FeedResult, { ok: true }>;
