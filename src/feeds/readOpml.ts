// Reads the feeds of an OPML subscription list: every outline with an xmlUrl, at any depth, named by its title or text.
import type { FeedSource } from "./fetchFeed.ts";
import { child, type XmlElement, parseXml } from "./xmlDocument.ts";

/** Throws an Error saying what is wrong; the caller names the file. */
export function readOpml(text: string): FeedSource[] {
  const root = parseXml(text.replace(/^\uFEFF/, ""));
  if (root.name !== "opml") throw new Error(`the root element is <${root.name}>, not <opml>`);
  const body = child(root, "body");
  if (!body) throw new Error("an <opml> without a <body>");
  const feeds = outlines(body).flatMap((outline) => {
    const url = outline.attrs.xmlUrl?.trim() ?? outline.attrs.xmlurl?.trim();
    if (!url) return [];
    const name = (outline.attrs.title ?? outline.attrs.text)?.trim();
    return [name ? { url, name } : { url }];
  });
  if (feeds.length === 0) throw new Error("no <outline> with an xmlUrl");
  return feeds;
}

function outlines(element: XmlElement): XmlElement[] {
  return element.children.filter((c) => c.name === "outline").flatMap((o) => [o, ...outlines(o)]);
}
