// RSS 0.9x/2.0 and RSS 1.0 (RDF) elements mapped onto a ParsedFeed.
import { escapeUTF8 } from "entities";
import type { FeedFormat, ParsedEnclosure, ParsedEntry, ParsedFeed } from "./parsedFeed.ts";
import { readMediaImages } from "./readMediaImages.ts";
import { child, children, innerHtml, textOf, type XmlElement } from "./xmlDocument.ts";

export function parseRss(root: XmlElement): ParsedFeed {
  const channel = child(root, "channel");
  if (!channel) throw new Error("an <rss> document without a <channel>");
  return { ...channelFields(channel, root), format: rssVersion(root.attrs.version), entries: children(channel, "item").map(parseItem) };
}

/** RSS 1.0 and 0.90: channel, image and items are siblings under rdf:RDF. */
export function parseRdf(root: XmlElement): ParsedFeed {
  const channel = child(root, "channel");
  if (!channel) throw new Error("an RDF document without a <channel>");
  const format: FeedFormat = Object.values(root.attrs).includes("http://my.netscape.com/rdf/simple/0.9/") ? "RSS 0.90" : "RSS 1.0";
  return { ...channelFields(channel, root), format, entries: children(root, "item").map(parseItem) };
}

function rssVersion(version: string | undefined): FeedFormat {
  if (version === "0.91" || version === "0.92") return `RSS ${version}`;
  return "RSS 2.0";
}

function channelFields(channel: XmlElement, root: XmlElement): Omit<ParsedFeed, "format" | "entries"> {
  const channelImage = child(channel, "image");
  return {
    title: textOf(child(channel, "title")),
    link: textOf(child(channel, "link")) ?? alternateLink(channel),
    description: innerHtml(child(channel, "description")) ?? textOf(child(channel, "itunes:summary")),
    // RDF puts the image beside the channel and only points at it from inside.
    image:
      textOf(child(channelImage, "url")) ??
      textOf(child(child(root, "image"), "url")) ??
      channelImage?.attrs["rdf:resource"] ??
      child(channel, "itunes:image")?.attrs.href,
    base: channel.base,
  };
}

function alternateLink(element: XmlElement): string | undefined {
  return children(element, "atom:link").find((l) => (l.attrs.rel ?? "alternate") === "alternate")?.attrs.href;
}

function parseItem(item: XmlElement): ParsedEntry {
  const guid = child(item, "guid");
  const enclosures = children(item, "enclosure").flatMap(readEnclosure);
  const content = child(item, "content:encoded");
  const summary = child(item, "description");
  return {
    id: textOf(guid) ?? item.attrs["rdf:about"],
    idIsLink: guid !== undefined && (guid.attrs.isPermaLink ?? "true").toLowerCase() !== "false",
    title: innerHtml(child(item, "title")) ?? innerHtml(child(item, "dc:title")),
    link: textOf(child(item, "link")) ?? alternateLink(item),
    base: item.base,
    contentBase: content?.base ?? summary?.base,
    published: textOf(child(item, "pubDate")) ?? textOf(child(item, "dc:date")) ?? textOf(child(item, "dcterms:issued")),
    updated: textOf(child(item, "atom:updated")) ?? textOf(child(item, "dcterms:modified")),
    author: textOf(child(item, "dc:creator")) ?? textOf(child(item, "author")) ?? textOf(child(item, "itunes:author")),
    summary: innerHtml(summary) ?? escaped(textOf(child(item, "itunes:summary"))),
    content: innerHtml(content),
    categories: [...children(item, "category"), ...children(item, "dc:subject")].map(textOf).filter((c): c is string => !!c),
    enclosures,
    images: [
      ...enclosures.filter((e) => e.type?.startsWith("image/")).map((e) => ({ url: e.url })),
      ...readMediaImages(item),
    ],
  };
}

function readEnclosure(element: XmlElement): ParsedEnclosure[] {
  const { url, type, length } = element.attrs;
  return url?.trim() ? [{ url: url.trim(), type, length }] : [];
}

function escaped(text: string | undefined): string | undefined {
  return text === undefined ? undefined : escapeUTF8(text);
}
