// JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1) mapped onto a ParsedFeed.
import { escapeUTF8 } from "entities";
import type { ParsedEntry, ParsedFeed } from "./parsedFeed.ts";

type Json = Record<string, unknown>;

export function parseJsonFeed(text: string): ParsedFeed {
  let feed: unknown;
  try {
    feed = JSON.parse(text);
  } catch (error) {
    throw new Error(`invalid JSON: ${(error as Error).message}`);
  }
  if (!isObject(feed) || typeof feed.version !== "string" || !feed.version.startsWith("https://jsonfeed.org/version/")) {
    throw new Error('JSON without a JSON Feed "version" (https://jsonfeed.org/version/1.1)');
  }
  if (!Array.isArray(feed.items)) throw new Error('a JSON Feed without an "items" list');
  const feedAuthor = authorOf(feed);
  return {
    format: feed.version.endsWith("/1") ? "JSON Feed 1.0" : "JSON Feed 1.1",
    title: str(feed.title),
    link: str(feed.home_page_url),
    description: escaped(str(feed.description)),
    image: str(feed.icon) ?? str(feed.favicon),
    base: str(feed.feed_url),
    entries: feed.items.filter(isObject).map((item) => parseItem(item, feedAuthor)),
  };
}

function parseItem(item: Json, feedAuthor: string | undefined): ParsedEntry {
  const attachments = Array.isArray(item.attachments) ? item.attachments.filter(isObject) : [];
  const enclosures = attachments.flatMap((a) =>
    str(a.url) ? [{ url: str(a.url)!, type: str(a.mime_type), length: typeof a.size_in_bytes === "number" ? a.size_in_bytes : undefined }] : [],
  );
  const id = typeof item.id === "number" ? String(item.id) : str(item.id);
  return {
    id,
    title: escaped(str(item.title)),
    link: str(item.url) ?? str(item.external_url),
    published: str(item.date_published) ?? str(item.date_modified),
    updated: str(item.date_modified),
    author: authorOf(item) ?? feedAuthor,
    summary: escaped(str(item.summary)),
    content: str(item.content_html) ?? escaped(str(item.content_text)),
    categories: Array.isArray(item.tags) ? item.tags.map(str).filter((t): t is string => !!t) : [],
    enclosures,
    images: [
      ...[str(item.image), str(item.banner_image)].flatMap((url) => (url ? [{ url }] : [])),
      ...enclosures.filter((e) => e.type?.startsWith("image/")).map((e) => ({ url: e.url })),
    ],
  };
}

/** 1.1 has `authors` (a list); 1.0 has `author`. */
function authorOf(holder: Json): string | undefined {
  const authors = Array.isArray(holder.authors) ? holder.authors : [holder.author];
  const names = authors.filter(isObject).map((a) => str(a.name)).filter((n): n is string => !!n);
  return names.length > 0 ? names.join(", ") : undefined;
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() ? value.trim() : undefined;
}

function escaped(text: string | undefined): string | undefined {
  return text === undefined ? undefined : escapeUTF8(text);
}
