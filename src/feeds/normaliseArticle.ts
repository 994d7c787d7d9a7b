// Turns one parsed feed entry into an Article: plain-text title, sanitised content, absolute URLs, an image.
import { createHash } from "node:crypto";
import { decodeHTMLAttribute as decodeAttribute } from "entities";
import type { Article, ArticleImage, Enclosure } from "./article.ts";
import type { RawItem } from "./parseFeed.ts";
import { absoluteUrl, plainText, sanitiseContent } from "./sanitise.ts";

export interface FeedContext {
  feedName: string;
  /** Base for relative URLs when the item has no link of its own. */
  feedLink?: string;
  /** When this fetch happened: the date of entries that have none. */
  seenAt: Date;
}

export function normaliseArticle(item: RawItem, context: FeedContext): Article {
  const link = absoluteUrl(text(item.link) ?? "", context.feedLink) ?? "";
  const base = link || context.feedLink;
  const contentSource = text(item["content:encoded"]) ?? text(item.content) ?? text(item.atomSummary) ?? "";
  const contentHtml = sanitiseContent(contentSource, base);
  const summarySource = text(item.atomSummary) ?? text(item.content) ?? contentSource;
  const title = plainText(text(item.title) ?? "");
  const published = isoDate(item.isoDate) ?? isoDate(item.pubDate);
  const enclosures = readEnclosures(item, base);

  const article: Article = {
    id: articleId(item, link, title, context.feedName),
    feedName: context.feedName,
    title,
    link,
    published: published ?? context.seenAt.toISOString(),
    summary: plainText(summarySource),
    contentHtml,
    categories: readCategories(item.categories),
    enclosures,
  };
  const updated = isoDate(item.updated);
  if (updated) article.updated = updated;
  if (!published) article.dateMissing = true;
  const author = plainText(text(item.dcCreator) ?? text(item.creator) ?? text(item.author) ?? "");
  if (author) article.author = author;
  const image = findImage(item, enclosures, contentHtml, base);
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

/** The feed's own id when it has one, else the canonical link, else a hash of what we know. */
function articleId(item: RawItem, link: string, title: string, feedName: string): string {
  const own = text(item.guid) ?? text(item.id);
  if (own) return plainText(own);
  if (link) return canonicalLink(link);
  return `urn:sha1:${createHash("sha1").update(`${feedName}\n${title}`).digest("hex")}`;
}

/** The link without tracking parameters and fragment, so two fetches of one story agree. */
export function canonicalLink(link: string): string {
  try {
    const url = new URL(link);
    url.hash = "";
    for (const key of [...url.searchParams.keys()]) {
      if (key.toLowerCase().startsWith("utm_")) url.searchParams.delete(key);
    }
    return url.href;
  } catch {
    return link;
  }
}

function findImage(item: RawItem, enclosures: Enclosure[], contentHtml: string, base?: string): ArticleImage | undefined {
  const itemAlt = text(item.mediaDescription);
  const itemCredit = text(item.mediaCredit);
  const enclosure = enclosures.find((e) => e.type?.startsWith("image/"));
  const candidates: MediaImage[] = [
    ...(enclosure ? [{ url: enclosure.url }] : []),
    ...mediaImages(item.mediaContent, true),
    ...mediaImages((item.mediaGroup as RawItem | undefined)?.["media:content"], true),
    ...mediaImages(item.mediaThumbnail, false),
    ...(attr(item.itunesImage, "href") ? [{ url: attr(item.itunesImage, "href")! }] : []),
  ];
  for (const candidate of candidates) {
    const url = absoluteUrl(candidate.url, base);
    if (url?.startsWith("http")) return withText({ url }, candidate.alt ?? itemAlt, candidate.credit ?? itemCredit);
  }
  const img = /<img\b[^>]*\bsrc="([^"]+)"[^>]*>/i.exec(contentHtml);
  if (!img?.[1]) return undefined;
  const imgAlt = /\balt="([^"]*)"/i.exec(img[0])?.[1];
  return withText({ url: decodeAttribute(img[1]) }, itemAlt ?? (imgAlt ? decodeAttribute(imgAlt) : undefined), itemCredit);
}

function withText(image: ArticleImage, alt?: string, credit?: string): ArticleImage {
  const cleanAlt = alt ? plainText(alt) : "";
  const cleanCredit = credit ? plainText(credit) : "";
  if (cleanAlt) image.alt = cleanAlt;
  if (cleanCredit) image.credit = cleanCredit;
  return image;
}

interface MediaImage {
  url: string;
  alt?: string | undefined;
  credit?: string | undefined;
}

/** media:content / media:thumbnail elements (for content, only images), with their own caption and credit. */
function mediaImages(value: unknown, imagesOnly: boolean): MediaImage[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list.flatMap((entry) => {
    const a = (entry as { $?: Record<string, string> }).$ ?? {};
    const isImage = a.medium === "image" || a.type?.startsWith("image/") || /\.(jpe?g|png|gif|webp|avif)(\?|$)/i.test(a.url ?? "");
    if (!a.url || (imagesOnly && !isImage)) return [];
    const nested = entry as Record<string, unknown>;
    return [{ url: a.url, alt: text(nested["media:description"]), credit: text(nested["media:credit"]) }];
  });
}

function readEnclosures(item: RawItem, base?: string): Enclosure[] {
  const raw = item.enclosure as { url?: string; type?: string; length?: string | number } | undefined;
  if (!raw?.url) return [];
  const url = absoluteUrl(raw.url, base);
  if (!url) return [];
  const enclosure: Enclosure = { url };
  if (raw.type) enclosure.type = plainText(raw.type);
  const length = Number(raw.length);
  if (Number.isFinite(length) && length > 0) enclosure.length = length;
  return [enclosure];
}

function readCategories(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  const names = value.map((c) => plainText(typeof c === "string" ? c : text(c) ?? attr(c, "term") ?? ""));
  return [...new Set(names.filter(Boolean))];
}

/** Text of a parsed value: a string, or xml2js's `{ _: text }` / `[text]` shapes. */
function text(value: unknown): string | undefined {
  if (typeof value === "string") return value.trim() || undefined;
  if (Array.isArray(value)) return text(value[0]);
  if (value && typeof value === "object" && "_" in value) return text((value as { _: unknown })._);
  return undefined;
}

function attr(value: unknown, name: string): string | undefined {
  const attributes = (value as { $?: Record<string, string> } | undefined)?.$;
  return attributes?.[name];
}

function isoDate(value: unknown): string | undefined {
  const raw = text(value);
  if (!raw) return undefined;
  const date = new Date(raw);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

