// Reading the elements rss-parser hands over (xml2js objects): children by name, text, attributes, markup, xml:base.
import { escapeAttribute, escapeUTF8 } from "entities";

/**
 * One element as xml2js builds it with the options in parseXmlFeed.ts: attributes under `$`, its text under `_`,
 * child elements under their (namespace-normalised) names, and every child in document order under `$$`
 * (text as `#name: "__text__"`), which is what keeps mixed content such as Atom xhtml in order.
 */
export interface XmlNode {
  $?: Record<string, string>;
  _?: string;
  $$?: XmlNode[];
  "#name"?: string;
  [child: string]: unknown;
}

const TEXT = "__text__";
const VOID_ELEMENTS = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"]);

export function children(node: XmlNode | undefined, name: string): XmlNode[] {
  const value = node?.[name];
  return Array.isArray(value) ? (value as unknown[]).map(asNode) : [];
}

export function child(node: XmlNode | undefined, name: string): XmlNode | undefined {
  return children(node, name)[0];
}

export function attr(node: XmlNode | undefined, name: string): string | undefined {
  return node?.$?.[name];
}

/** Every text inside the element (CDATA included), trimmed; undefined when empty. */
export function textOf(node: XmlNode | undefined): string | undefined {
  if (!node) return undefined;
  return textContent(node).trim() || undefined;
}

/** The element's content as HTML: its text when it holds escaped HTML or CDATA, else its child markup. */
export function innerHtml(node: XmlNode | undefined): string | undefined {
  if (!node) return undefined;
  const markup = (node.$$ ?? []).some((c) => c["#name"] !== TEXT);
  return (markup ? markupOf(node) : textContent(node)).trim() || undefined;
}

/** The element's children serialised as HTML (inline XHTML content). */
export function markupOf(node: XmlNode): string {
  return (node.$$ ?? []).map(serialise).join("").trim();
}

/** The xml:base in effect at this element: its own resolved against its parent's, else the parent's. */
export function baseOf(node: XmlNode | undefined, parentBase: string | undefined, documentUrl: string | undefined): string | undefined {
  const value = attr(node, "xml:base");
  if (value === undefined) return parentBase;
  try {
    return new URL(value.trim(), parentBase ?? documentUrl).href;
  } catch {
    return parentBase;
  }
}

function asNode(value: unknown): XmlNode {
  // xml2js collapses an element with nothing but text to that text; the options avoid it, this is the safety net.
  return typeof value === "string" ? { _: value } : (value as XmlNode);
}

function textContent(node: XmlNode): string {
  if (!node.$$) return node._ ?? "";
  return node.$$.map((c) => (c["#name"] === TEXT ? (c._ ?? "") : textContent(c))).join("");
}

function serialise(node: XmlNode): string {
  // Inline XHTML may carry a prefix (<xhtml:p>); HTML knows only the local name.
  const name = (node["#name"] ?? "").replace(/^xhtml:/, "");
  if (name === TEXT) return escapeUTF8(node._ ?? "");
  const attributes = Object.entries(node.$ ?? {})
    .map(([key, value]) => ` ${key}="${escapeAttribute(value)}"`)
    .join("");
  if (VOID_ELEMENTS.has(name.toLowerCase())) return `<${name}${attributes}>`;
  return `<${name}${attributes}>${(node.$$ ?? []).map(serialise).join("")}</${name}>`;
}
