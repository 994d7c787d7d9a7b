// Atom 1.0 and 0.3 elements mapped onto a ParsedFeed: text constructs, links by rel, 0.3's tagline/issued/modified.
import { escapeUTF8 } from "entities";
import type { ParsedEntry, ParsedFeed } from "./parsedFeed.ts";
import { readMediaImages } from "./readMediaImages.ts";
import { child, children, innerHtml, markupOf, textOf, type XmlElement } from "./xmlDocument.ts";

export function parseAtom(root: XmlElement): ParsedFeed {
  const isAtom03 = root.attrs.version === "0.3" || Object.values(root.attrs).includes("http://purl.org/atom/ns#");
  const feedAuthor = authorName(root);
  return {
    format: isAtom03 ? "Atom 0.3" : "Atom 1.0",
    title: atomHtml(child(root, "atom:title")),
    link: linkHref(root, "alternate"),
    description: atomHtml(child(root, "atom:subtitle") ?? child(root, "atom:tagline")),
    image: textOf(child(root, "atom:logo")) ?? textOf(child(root, "atom:icon")),
    base: root.base,
    entries: children(root, "atom:entry").map((entry) => parseEntry(entry, feedAuthor)),
  };
}

function parseEntry(entry: XmlElement, feedAuthor: string | undefined): ParsedEntry {
  const content = child(entry, "atom:content");
  const summary = child(entry, "atom:summary");
  const enclosures = children(entry, "atom:link")
    .filter((l) => l.attrs.rel === "enclosure" && l.attrs.href?.trim())
    .map((l) => ({ url: l.attrs.href!.trim(), type: l.attrs.type, length: l.attrs.length }));
  const date = (...names: string[]) => names.map((n) => textOf(child(entry, n))).find(Boolean);
  return {
    id: textOf(child(entry, "atom:id")),
    title: atomHtml(child(entry, "atom:title")),
    link: linkHref(entry, "alternate"),
    base: entry.base,
    contentBase: content?.base ?? summary?.base,
    // Atom 1.0 requires only `updated`; 0.3 calls them issued, modified and created.
    published: date("atom:published", "atom:issued", "atom:created", "atom:updated", "atom:modified"),
    updated: date("atom:updated", "atom:modified"),
    author: authorName(entry) ?? authorName(child(entry, "atom:source")) ?? feedAuthor,
    summary: atomHtml(summary),
    content: atomHtml(content),
    categories: children(entry, "atom:category")
      .map((c) => c.attrs.term?.trim() || c.attrs.label?.trim())
      .filter((c): c is string => !!c),
    enclosures,
    images: [...enclosures.filter((e) => e.type?.startsWith("image/")).map((e) => ({ url: e.url })), ...readMediaImages(entry)],
  };
}

/** The href of the first link with this rel (no rel means alternate), preferring an HTML page. */
function linkHref(element: XmlElement, rel: string): string | undefined {
  const links = children(element, "atom:link").filter((l) => (l.attrs.rel ?? "alternate") === rel && l.attrs.href);
  const html = links.find((l) => !l.attrs.type || /html/i.test(l.attrs.type));
  return (html ?? links[0])?.attrs.href?.trim();
}

function authorName(element: XmlElement | undefined): string | undefined {
  const author = child(element, "atom:author");
  return textOf(child(author, "atom:name")) ?? textOf(child(author, "atom:email"));
}

/** An Atom text construct as HTML: text is escaped, html is taken as is, xhtml is the inline markup. */
function atomHtml(element: XmlElement | undefined): string | undefined {
  if (!element) return undefined;
  const type = (element.attrs.type ?? "text").toLowerCase();
  const mode = element.attrs.mode?.toLowerCase();
  if (element.attrs.src) return undefined;
  if (mode === "base64") return decodeBase64(textOf(element), type);
  if (type === "xhtml" || type === "application/xhtml+xml") return markupOf(child(element, "xhtml:div") ?? element) || undefined;
  if (type === "html" || type === "text/html") return innerHtml(element);
  if (type === "text" || type === "text/plain") return mode === "xml" ? innerHtml(element) : escapeText(textOf(element));
  return undefined;
}

function decodeBase64(data: string | undefined, type: string): string | undefined {
  if (!data) return undefined;
  const decoded = Buffer.from(data, "base64").toString("utf8");
  return type.includes("html") ? decoded : escapeText(decoded);
}

function escapeText(text: string | undefined): string | undefined {
  return text === undefined ? undefined : escapeUTF8(text);
}
