// The only module that parses XML: lenient and non-validating (no DTD, no entity definitions, nothing fetched), into namespaced elements.
import { DomUtils, parseDocument } from "htmlparser2";

type DomDocument = ReturnType<typeof parseDocument>;
type DomNode = DomDocument["children"][number];
type DomElement = Extract<DomNode, { attribs: Record<string, string> }>;

/** An element with its name rewritten to a fixed prefix for each known namespace, whatever the feed called it. */
export interface XmlElement {
  /** `item`, `atom:link`, `dc:creator`, `media:content`… (no prefix: RSS 0.9x/1.0/2.0 elements and unknown namespaces' own). */
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** The xml:base in effect here (only when the document sets one), resolved against the document's URL. */
  base?: string;
  node: DomElement;
}

const NAMESPACE_PREFIXES: Record<string, string> = {
  "http://www.w3.org/2005/Atom": "atom",
  "http://purl.org/atom/ns#": "atom",
  "http://purl.org/rss/1.0/": "",
  "http://my.netscape.com/rdf/simple/0.9/": "",
  "http://backend.userland.com/rss2": "",
  "http://www.w3.org/1999/02/22-rdf-syntax-ns#": "rdf",
  "http://purl.org/dc/elements/1.1/": "dc",
  "http://purl.org/dc/terms/": "dcterms",
  "http://purl.org/rss/1.0/modules/content/": "content",
  "http://search.yahoo.com/mrss/": "media",
  "http://search.yahoo.com/mrss": "media",
  "http://www.itunes.com/dtds/podcast-1.0.dtd": "itunes",
  "http://www.w3.org/1999/xhtml": "xhtml",
  "http://www.w3.org/XML/1998/namespace": "xml",
};

type Scope = Record<string, string>;

/** Parses XML text; the root element, or a clear error when there is none. */
export function parseXml(text: string, documentUrl?: string): XmlElement {
  const document = parseDocument(text, { xmlMode: true });
  const root = document.children.find(DomUtils.isTag);
  if (!root) throw new Error("the document has no XML element");
  return toElement(root as DomElement, { xml: "http://www.w3.org/XML/1998/namespace" }, undefined, documentUrl);
}

function toElement(node: DomElement, parentScope: Scope, parentBase: string | undefined, documentUrl: string | undefined): XmlElement {
  const scope = { ...parentScope };
  for (const [key, value] of Object.entries(node.attribs)) {
    if (key === "xmlns") scope[""] = value;
    else if (key.startsWith("xmlns:")) scope[key.slice(6)] = value;
  }
  const attrs: Record<string, string> = {};
  for (const [key, value] of Object.entries(node.attribs)) {
    if (key !== "xmlns" && !key.startsWith("xmlns:")) attrs[key.includes(":") ? canonicalName(key, scope, false) : key] = value;
  }
  const base = resolveBase(attrs["xml:base"], parentBase, documentUrl);
  const element: XmlElement = { name: canonicalName(node.name, scope, true), attrs, children: [], node };
  if (base) element.base = base;
  for (const child of node.children) {
    if (DomUtils.isTag(child)) element.children.push(toElement(child as DomElement, scope, base, documentUrl));
  }
  return element;
}

function canonicalName(qualified: string, scope: Scope, usesDefault: boolean): string {
  const colon = qualified.indexOf(":");
  const prefix = colon === -1 ? "" : qualified.slice(0, colon);
  const local = qualified.slice(colon + 1);
  const uri = prefix === "" && !usesDefault ? undefined : scope[prefix];
  // An undeclared prefix (a common mistake: media: without xmlns:media) keeps the name as written.
  if (uri === undefined) return qualified;
  const known = NAMESPACE_PREFIXES[uri] ?? NAMESPACE_PREFIXES[uri.replace(/\/$/, "")];
  if (known === undefined) return qualified;
  return known === "" ? local : `${known}:${local}`;
}

function resolveBase(value: string | undefined, parent: string | undefined, documentUrl: string | undefined): string | undefined {
  if (value === undefined) return parent;
  try {
    return new URL(value.trim(), parent ?? documentUrl).href;
  } catch {
    return parent;
  }
}

/** First child element with this canonical name. */
export function child(element: XmlElement | undefined, name: string): XmlElement | undefined {
  return element?.children.find((c) => c.name === name);
}

export function children(element: XmlElement | undefined, name: string): XmlElement[] {
  return element?.children.filter((c) => c.name === name) ?? [];
}

/** The element's text with CDATA included, trimmed; undefined when empty. */
export function textOf(element: XmlElement | undefined): string | undefined {
  if (!element) return undefined;
  return DomUtils.textContent(element.node).trim() || undefined;
}

/** The element's content as HTML: its text when it holds escaped HTML or CDATA, else its child markup. */
export function innerHtml(element: XmlElement | undefined): string | undefined {
  if (!element) return undefined;
  const markup = element.node.children.some((c) => DomUtils.isTag(c));
  const html = markup ? DomUtils.getInnerHTML(element.node, { xmlMode: false }) : DomUtils.textContent(element.node);
  return html.trim() || undefined;
}

/** The element's children serialised as HTML (inline XHTML content). */
export function markupOf(element: XmlElement): string {
  return DomUtils.getInnerHTML(element.node, { xmlMode: false }).trim();
}
