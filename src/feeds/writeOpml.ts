// Writes a feed list as OPML 2.0, the format feed readers import and export.
import { escapeAttribute } from "entities";
import type { FeedSource } from "./fetchFeed.ts";

export function writeOpml(feeds: readonly FeedSource[], title: string, now: Date): string {
  const outlines = feeds.map((feed) => {
    const name = escapeAttribute(feed.name ?? feed.url);
    return `    <outline type="rss" text="${name}" title="${name}" xmlUrl="${escapeAttribute(feed.url)}"/>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<opml version="2.0">',
    "  <head>",
    `    <title>${escapeAttribute(title)}</title>`,
    `    <dateCreated>${now.toUTCString()}</dateCreated>`,
    "  </head>",
    "  <body>",
    ...outlines,
    "  </body>",
    "</opml>",
    "",
  ].join("\n");
}
