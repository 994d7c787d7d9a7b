// RSS 0.9x/2.0 and RSS 1.0 (RDF), as rss-parser hands them over, mapped onto a ParsedFeed.
import { escapeUTF8 } from "entities";
import type { FeedFormat, ParsedEnclosure, ParsedEntry, ParsedFeed } from "./parsedFeed.ts";
import type { FeedDocument } from "./parseXmlFeed.ts";
import { readMediaImages } from "./readMediaImages.ts";
import { attr, baseOf, child, children, innerHtml, textOf, type XmlNode } from "./xmlNode.ts";

export function parseRss(document: FeedDocument): ParsedFeed {
  const rootBase = baseOf({ $: document.root.attrs }, undefined, document.documentUrl);
  const channelBase = baseOf(document.channel, rootBase, document.documentUrl);
  return {
    ...channelFields(document.channel, channelBase),
    format: rssVersion(document.root.attrs.version),
    entries: document.items.map((item) => parseItem(item, channelBase, document.documentUrl)),
  };
}

/** RSS 1.0 and 0.90: items are siblings of the channel, under rdf:RDF. */
export function parseRdf(document: FeedDocument): ParsedFeed {
  const rootBase = baseOf({ $: document.root.attrs }, undefined, document.documentUrl);
  const format: FeedFormat = Object.values(document.root.attrs).includes("http://my.netscape.com/rdf/simple/0.9/") ? "RSS 0.90" : "RSS 1.0";
  return {
    ...channelFields(document.channel, baseOf(document.channel, rootBase, document.documentUrl)),
    format,
    entries: document.items.map((item) => parseItem(item, rootBase, document.documentUrl)),
  };
}

function rssVersion(version: string | undefined): FeedFormat {
  if (version === "0.91" || version === "0.92") return `RSS ${version}`;
  return "RSS 2.0";
}

function channelFields(channel: XmlNode, base: string | undefined): Omit<ParsedFeed, "format" | "entries"> {
  const image = child(channel, "image");
  return {
    title: textOf(child(channel, "title")),
    link: textOf(child(channel, "link")) ?? alternateLink(channel),
    description: innerHtml(child(channel, "description")) ?? textOf(child(channel, "itunes:summary")),
    // RDF puts the image beside the channel (out of rss-parser's reach) and points at it from inside.
    image: textOf(child(image, "url")) ?? attr(image, "rdf:resource") ?? attr(child(channel, "itunes:image"), "href"),
    base,
  };
}

function alternateLink(element: XmlNode): string | undefined {
  return attr(
    children(element, "atom:link").find((l) => (attr(l, "rel") ?? "alternate") === "alternate"),
    "href",
  );
}

function parseItem(item: XmlNode, parentBase: string | undefined, documentUrl: string | undefined): ParsedEntry {
  const guid = child(item, "guid");
  const enclosures = children(item, "enclosure").flatMap(readEnclosure);
  const content = child(item, "content:encoded");
  const summary = child(item, "description");
  const base = baseOf(item, parentBase, documentUrl);
  const first = (...names: string[]) => names.map((n) => textOf(child(item, n))).find(Boolean);
  return {
    id: textOf(guid) ?? attr(item, "rdf:about"),
    idIsLink: guid !== undefined && (attr(guid, "isPermaLink") ?? "true").toLowerCase() !== "false",
    title: innerHtml(child(item, "title")) ?? innerHtml(child(item, "dc:title")),
    link: textOf(child(item, "link")) ?? alternateLink(item),
    base,
    contentBase: (content && baseOf(content, base, documentUrl)) ?? (summary && baseOf(summary, base, documentUrl)),
    published: first("pubDate", "dc:date", "dcterms:issued"),
    updated: first("atom:updated", "dcterms:modified"),
    author: first("dc:creator", "author", "itunes:author"),
    summary: innerHtml(summary) ?? escaped(textOf(child(item, "itunes:summary"))),
    content: innerHtml(content),
    categories: [...children(item, "category"), ...children(item, "dc:subject")].map(textOf).filter((c): c is string => !!c),
    enclosures,
    images: [...enclosures.filter((e) => e.type?.startsWith("image/")).map((e) => ({ url: e.url })), ...readMediaImages(item)],
  };
}

function readEnclosure(element: XmlNode): ParsedEnclosure[] {
  const url = attr(element, "url")?.trim();
  return url ? [{ url, type: attr(element, "type"), length: attr(element, "length") }] : [];
}

function escaped(text: string | undefined): string | undefined {
  return text === undefined ? undefined : escapeUTF8(text);
}
