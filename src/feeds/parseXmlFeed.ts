// The only module that parses XML feeds: rss-parser (xml2js on sax, non-validating: no DTD, no entity definitions, nothing fetched) for RSS 0.9x/1.0/2.0 and Atom 0.3/1.0.
import Parser from "rss-parser";
import type { ParserOptions as Xml2jsOptions } from "xml2js";
import { ATOM_NAMESPACES, NamespacedNames } from "./namespacedNames.ts";
import { parseAtom } from "./parseAtom.ts";
import type { ParsedFeed } from "./parsedFeed.ts";
import { isNoCharacter } from "./sanitise.ts";
import { parseRdf, parseRss } from "./parseRss.ts";
import type { XmlNode } from "./xmlNode.ts";

/** What the format mappers read: the root element, and rss-parser's channel (or Atom feed) and items with their raw elements. */
export interface FeedDocument {
  root: { name: string; attrs: Record<string, string> };
  documentUrl?: string | undefined;
  channel: XmlNode;
  items: XmlNode[];
}

/** Elements rss-parser hands over untouched (customFields with keepArray), for the channel or Atom feed. */
const FEED_ELEMENTS = ["$", "title", "link", "atom:link", "description", "subtitle", "tagline", "image", "logo", "icon", "itunes:image", "itunes:summary", "author"];
/** …and for each item or entry, RSS and Atom names together. */
const ITEM_ELEMENTS = [
  "$", "id", "guid", "title", "dc:title", "link", "atom:link", "description", "summary", "content", "content:encoded", "itunes:summary",
  "pubDate", "dc:date", "dcterms:issued", "published", "issued", "created", "updated", "modified", "atom:updated", "dcterms:modified",
  "dc:creator", "author", "itunes:author", "source", "category", "dc:subject", "enclosure",
  "media:content", "media:group", "media:thumbnail", "media:description", "media:title", "media:credit", "itunes:image",
];
/** Raw elements live under `@name`, apart from rss-parser's own fields of the same name. */
const RAW = "@";

export async function parseXmlFeed(text: string, documentUrl?: string): Promise<ParsedFeed> {
  const names = new NamespacedNames();
  const parser = new Parser<Record<string, unknown>, Record<string, unknown>>({
    xml2js: xml2jsOptions(names),
    defaultRSS: 2,
    customFields: {
      // rss-parser's typings allow only names for feed fields, but it copies feed and item fields alike (lib/utils.js copyFromXML).
      feed: FEED_ELEMENTS.map(rawField) as unknown as string[],
      item: ITEM_ELEMENTS.map(rawField),
    },
  });
  let output: Awaited<ReturnType<typeof parser.parseString>>;
  try {
    output = await parser.parseString(escapeUnknownReferences(text));
  } catch (error) {
    throw new Error(whyUnreadable(names, error));
  }
  const root = names.root!;
  checkRoot(root);
  const document: FeedDocument = { root, documentUrl, channel: rawElements(output), items: output.items.map(rawElements) };
  if (root.name === "rss") return parseRss(document);
  if (root.name === "rdf:RDF") return parseRdf(document);
  return parseAtom(document);
}

/**
 * Every child listed in document order under `$$` (so Atom xhtml keeps its mixed content in order), every element an
 * object whose text `_` is a string: rss-parser then takes content text as is and never rebuilds markup with xml2js's
 * Builder (which cannot write the `$$` lists). Names by namespace, whatever the prefix.
 */
function xml2jsOptions(names: NamespacedNames): Xml2jsOptions {
  return {
    explicitChildren: true,
    preserveChildrenOrder: true,
    charsAsChildren: true,
    includeWhiteChars: true,
    emptyTag: () => ({}),
    validator: (_xpath: string, _current: unknown, element: unknown) => {
      if (typeof element === "object" && element !== null && typeof (element as XmlNode)._ !== "string") (element as XmlNode)._ = "";
      return element;
    },
    tagNameProcessors: [names.element],
    attrNameProcessors: [names.attribute],
    attrValueProcessors: [names.observe],
  };
}

function rawField(name: string): [string, string, { keepArray: boolean }] {
  return [name, `${RAW}${name}`, { keepArray: true }];
}

/** An rss-parser feed or item as an element: its raw children under their own names (`$` is the attributes). */
function rawElements(output: Record<string, unknown>): XmlNode {
  return Object.fromEntries(Object.entries(output).flatMap(([key, value]) => (key.startsWith(RAW) ? [[key.slice(RAW.length), value]] : [])));
}

/**
 * sax (strict) stops at a reference it cannot resolve, and nothing here may expand a DTD's entities. So outside CDATA
 * every `&` that does not start XML's five named references or a reference to a legal XML character becomes `&amp;`:
 * `&nbsp;`, a billion-laughs `&lol9;`, an external `&xxe;` or a bare `AT&T` stay literal text (as HTML fields, later
 * decoded by the HTML rules). A reference to no character at all (`&#0;`, `&#xD800;`) is dropped: read by the HTML
 * rules it would show as "�", and in a plain-text field as itself.
 */
function escapeUnknownReferences(xml: string): string {
  return xml
    .split(/(<!\[CDATA\[[\s\S]*?\]\]>)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/&(?:(?:amp|lt|gt|quot|apos);|#(x[0-9a-fA-F]+|[0-9]+);)?/g, keepOrEscape)))
    .join("");
}

function keepOrEscape(match: string, number: string | undefined): string {
  if (match.length > 1 && (number === undefined || isXmlChar(codePoint(number)))) return match;
  if (number !== undefined && isNoCharacter(codePoint(number))) return "";
  return `&amp;${match.slice(1)}`;
}

function codePoint(reference: string): number {
  return reference.startsWith("x") ? Number.parseInt(reference.slice(1), 16) : Number.parseInt(reference, 10);
}

function isXmlChar(code: number): boolean {
  return code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
}

function checkRoot(root: { name: string; namespace?: string | undefined }): void {
  if (root.name === "feed" && !(root.namespace && ATOM_NAMESPACES.has(root.namespace))) {
    throw new Error('a <feed> without the Atom namespace (xmlns="http://www.w3.org/2005/Atom")');
  }
  if (root.name !== "rss" && root.name !== "rdf:RDF" && root.name !== "feed") {
    throw new Error(`the root element is <${root.name}>, not <rss>, <rdf:RDF> or <feed>`);
  }
}

/** The root's name says most; then sax's message (on one line), or what rss-parser found missing. */
function whyUnreadable(names: NamespacedNames, error: unknown): string {
  if (!names.root) return "the document has no XML element";
  checkRoot(names.root);
  const message = error instanceof Error ? error.message : String(error);
  const sax = /^(.*)\nLine: (\d+)\nColumn: (\d+)/.exec(message);
  if (sax) return `${sax[1]} at line ${Number(sax[2]) + 1}, column ${sax[3]}`;
  if (names.root.name !== "feed" && !names.has("channel")) return `an <${names.root.name}> document without a <channel>`;
  return message;
}
