// Atom 1.0 and 0.3, as rss-parser hands them over, mapped onto a ParsedFeed: text constructs, links by rel, 0.3's tagline/issued/modified.
import { escapeUTF8 } from "entities";
import type { ParsedEntry, ParsedFeed } from "./parsedFeed.ts";
import type { FeedDocument } from "./parseXmlFeed.ts";
import { readMediaImages } from "./readMediaImages.ts";
import { attr, baseOf, child, children, innerHtml, markupOf, textOf, type XmlNode } from "./xmlNode.ts";

export function parseAtom(document: FeedDocument): ParsedFeed {
  const { root, channel: feed, documentUrl } = document;
  const isAtom03 = root.attrs.version === "0.3" || Object.values(root.attrs).includes("http://purl.org/atom/ns#");
  const feedAuthor = authorName(feed);
  const base = baseOf({ $: root.attrs }, undefined, documentUrl);
  return {
    format: isAtom03 ? "Atom 0.3" : "Atom 1.0",
    title: atomHtml(child(feed, "title")),
    link: linkHref(feed, "alternate"),
    description: atomHtml(child(feed, "subtitle") ?? child(feed, "tagline")),
    image: textOf(child(feed, "logo")) ?? textOf(child(feed, "icon")),
    base,
    entries: document.items.map((entry) => parseEntry(entry, feedAuthor, base, documentUrl)),
  };
}

function parseEntry(entry: XmlNode, feedAuthor: string | undefined, feedBase: string | undefined, documentUrl: string | undefined): ParsedEntry {
  const content = child(entry, "content");
  const summary = child(entry, "summary");
  const base = baseOf(entry, feedBase, documentUrl);
  const enclosures = children(entry, "link")
    .filter((l) => attr(l, "rel") === "enclosure" && attr(l, "href")?.trim())
    .map((l) => ({ url: attr(l, "href")!.trim(), type: attr(l, "type"), length: attr(l, "length") }));
  const date = (...names: string[]) => names.map((n) => textOf(child(entry, n))).find(Boolean);
  return {
    id: textOf(child(entry, "id")),
    title: atomHtml(child(entry, "title")),
    link: linkHref(entry, "alternate"),
    base,
    contentBase: (content && baseOf(content, base, documentUrl)) ?? (summary && baseOf(summary, base, documentUrl)),
    // Atom 1.0 requires only `updated`; 0.3 calls them issued, modified and created.
    published: date("published", "issued", "created", "updated", "modified"),
    updated: date("updated", "modified"),
    author: authorName(entry) ?? authorName(child(entry, "source")) ?? feedAuthor,
    summary: atomHtml(summary),
    content: atomHtml(content),
    categories: children(entry, "category")
      .map((c) => attr(c, "term")?.trim() || attr(c, "label")?.trim())
      .filter((c): c is string => !!c),
    enclosures,
    images: [...enclosures.filter((e) => e.type?.startsWith("image/")).map((e) => ({ url: e.url })), ...readMediaImages(entry)],
  };
}

/** The href of the first link with this rel (no rel means alternate), preferring an HTML page. */
function linkHref(element: XmlNode, rel: string): string | undefined {
  const links = children(element, "link").filter((l) => (attr(l, "rel") ?? "alternate") === rel && attr(l, "href"));
  const html = links.find((l) => !attr(l, "type") || /html/i.test(attr(l, "type")!));
  return attr(html ?? links[0], "href")?.trim();
}

function authorName(element: XmlNode | undefined): string | undefined {
  const author = child(element, "author");
  return textOf(child(author, "name")) ?? textOf(child(author, "email"));
}

/** An Atom text construct as HTML: text is escaped, html is taken as is, xhtml is the inline markup. */
function atomHtml(element: XmlNode | undefined): string | undefined {
  if (!element) return undefined;
  const type = (attr(element, "type") ?? "text").toLowerCase();
  const mode = attr(element, "mode")?.toLowerCase();
  if (attr(element, "src")) return undefined;
  if (mode === "base64") return decodeBase64(textOf(element), type);
  if (type === "xhtml" || type === "application/xhtml+xml") return markupOf(xhtmlDiv(element) ?? element) || undefined;
  if (type === "html" || type === "text/html") return innerHtml(element);
  if (type === "text" || type === "text/plain") return mode === "xml" ? innerHtml(element) : escapeText(textOf(element));
  return undefined;
}

/** Atom wraps inline XHTML in one xhtml <div> that is not part of the content. */
function xhtmlDiv(element: XmlNode): XmlNode | undefined {
  return child(element, "div") ?? child(element, "xhtml:div");
}

function decodeBase64(data: string | undefined, type: string): string | undefined {
  if (!data) return undefined;
  const decoded = Buffer.from(data, "base64").toString("utf8");
  return type.includes("html") ? decoded : escapeText(decoded);
}

function escapeText(text: string | undefined): string | undefined {
  return text === undefined ? undefined : escapeUTF8(text);
}
