// Turns one parsed entry into an Article: plain-text title, sanitised content, absolute URLs, an id, a date, an image.
import { createHash } from "node:crypto";
import type { Article, Enclosure } from "./article.ts";
import { canonicalLink, withoutClickIds } from "./canonicalLink.ts";
import { leadImage } from "./leadImage.ts";
import { parseDate } from "./parseDate.ts";
import type { ParsedEnclosure, ParsedEntry } from "./parsedFeed.ts";
import { absoluteUrl, plainText, sanitiseContent } from "./sanitise.ts";

export interface FeedContext {
  feedName: string;
  /** Base for relative URLs when the entry has none of its own (the feed's link, else its URL). */
  feedLink?: string | undefined;
  /** When this fetch happened: the date of entries that have none. */
  seenAt: Date;
}

export function normaliseArticle(entry: ParsedEntry, context: FeedContext): Article {
  // xml:base first, then the feed link: relative item links are relative to the feed's site.
  const entryBase = entry.base ?? context.feedLink;
  const ownLink = withoutClickIds(absoluteUrl(entry.link ?? "", entryBase) ?? permalinkId(entry) ?? "");
  const entryUrlBase = entry.base ?? (ownLink || context.feedLink);
  const contentBase = entry.contentBase ?? entryUrlBase;
  const contentHtml = sanitiseContent(entry.content ?? entry.summary ?? "", contentBase);
  const title = plainText(entry.title ?? "");
  const published = parseDate(entry.published);
  const enclosures = entry.enclosures.flatMap((e) => enclosure(e, entryUrlBase));
  // A podcast episode often has no page of its own: its audio (or video) is what a reader opens.
  const link = ownLink || (enclosures.find((e) => !e.type?.startsWith("image/"))?.url ?? "");

  const article: Article = {
    id: articleId(entry, link, title, context.feedName),
    feedName: context.feedName,
    title,
    link,
    published: published ?? context.seenAt.toISOString(),
    summary: plainText(entry.summary ?? entry.content ?? ""),
    contentHtml,
    categories: [...new Set(entry.categories.map(plainText).filter(Boolean))],
    enclosures,
  };
  const updated = parseDate(entry.updated);
  if (updated && updated !== article.published) article.updated = updated;
  if (!published) article.dateMissing = true;
  const author = authorName(entry.author ?? "");
  if (author) article.author = author;
  const image = leadImage(entry.images, contentHtml, entryUrlBase);
  if (image) article.image = image;
  const skipped = skipReason(article);
  if (skipped) article.skipped = skipped;
  return article;
}

function skipReason(article: Article): string | undefined {
  if (!article.title) return "no title";
  if (!article.link) return "no usable link";
  return undefined;
}

function permalinkId(entry: ParsedEntry): string | undefined {
  return entry.idIsLink && entry.id ? absoluteUrl(entry.id) : undefined;
}

/** The feed's own id when it has one, else the canonical link, else a hash of what we know. */
function articleId(entry: ParsedEntry, link: string, title: string, feedName: string): string {
  const own = plainText(entry.id ?? "");
  // An id that is a URL is canonicalised like a link, so tracking parameters do not split one story.
  if (own) return /^https?:\/\//i.test(own) ? canonicalLink(own) : own;
  if (link) return canonicalLink(link);
  return `urn:sha1:${createHash("sha1").update(`${feedName}\n${title}`).digest("hex")}`;
}

/** "Name (email)" and "email (Name)" both give the name; a bare address stays an address. */
export function authorName(raw: string): string {
  const text = plainText(raw);
  const withParens = /^(.*?)\s*\(([^)]*)\)$/.exec(text);
  if (!withParens) return text;
  const [outside, inside] = [withParens[1]!.trim(), withParens[2]!.trim()];
  if (isEmail(outside) && inside) return inside;
  if (isEmail(inside) && outside) return outside;
  return text;
}

function isEmail(text: string): boolean {
  return /^[^\s@]+@[^\s@]+$/.test(text);
}

function enclosure(raw: ParsedEnclosure, base?: string): Enclosure[] {
  const url = absoluteUrl(raw.url, base);
  if (!url?.startsWith("http")) return [];
  const result: Enclosure = { url };
  const type = plainText(raw.type ?? "");
  if (type) result.type = type;
  const length = Number(raw.length);
  if (Number.isFinite(length) && length > 0) result.length = length;
  return [result];
}
