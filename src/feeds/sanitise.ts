// Feed HTML is untrusted: an email-friendly allowlist for content, and plain text for titles and summaries.
import { decodeHTML } from "entities";
import { DomUtils, parseDocument } from "htmlparser2";
import sanitizeHtml from "sanitize-html";
import type { ParsedImage } from "./parsedFeed.ts";

const CONTENT_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    "p", "br", "a", "strong", "b", "em", "i", "u", "s", "sub", "sup", "small",
    "ul", "ol", "li", "blockquote", "q", "cite", "h2", "h3", "h4", "h5", "h6",
    "img", "figure", "figcaption", "pre", "code", "hr",
  ],
  allowedAttributes: {
    a: ["href", "title"],
    img: ["src", "alt", "title", "width", "height"],
  },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesByTag: { img: ["http", "https"] },
  allowProtocolRelative: false,
  // Dropped with everything inside them, not just unwrapped.
  nonTextTags: [
    "script", "style", "textarea", "option", "noscript", "iframe", "frame", "frameset", "object", "embed", "applet",
    "svg", "math", "form", "select", "button", "template", "head", "title",
  ],
  transformTags: { h1: "h2" },
  exclusiveFilter: (frame) => frame.tag === "img" && !frame.attribs.src,
};

/** Sanitised HTML; relative link and image URLs resolved against `base`. */
export function sanitiseContent(html: string, base?: string): string {
  const options: sanitizeHtml.IOptions = {
    ...CONTENT_OPTIONS,
    transformTags: {
      ...CONTENT_OPTIONS.transformTags,
      a: (tagName, attribs) => ({ tagName, attribs: withAbsolute(attribs, "href", base) }),
      img: (tagName, attribs) => ({ tagName, attribs: withStyleSize(withAbsolute(attribs, "src", base)) }),
    },
  };
  return sanitizeHtml(dropNoCharacterReferences(html), options).trim();
}

function withAbsolute(attribs: sanitizeHtml.Attributes, name: string, base?: string): sanitizeHtml.Attributes {
  const value = attribs[name];
  if (value === undefined) return attribs;
  const absolute = absoluteUrl(value, base);
  const copy = { ...attribs };
  if (absolute === undefined) delete copy[name];
  else copy[name] = absolute;
  return copy;
}

/**
 * An image's size given in CSS (`style="width:1px;height:1px"`, or hidden) as its width and height,
 * where the attributes say nothing: the style itself is dropped, and without this a tracking pixel
 * sized that way could lead the issue (see leadImage.ts).
 */
function withStyleSize(attribs: sanitizeHtml.Attributes): sanitizeHtml.Attributes {
  const style = attribs.style;
  if (!style) return attribs;
  if (/(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)/i.test(style)) return { ...attribs, width: "0", height: "0" };
  const copy = { ...attribs };
  for (const side of ["width", "height"] as const) {
    const stated = new RegExp(`(?:^|;)\\s*${side}\\s*:\\s*(\\d+(?:\\.\\d+)?)px`, "i").exec(style);
    if (copy[side] === undefined && stated) copy[side] = `${stated[1]}px`;
  }
  return copy;
}

/** An absolute URL, or undefined when it cannot be made one. Only http(s) and mailto survive. */
export function absoluteUrl(value: string, base?: string): string | undefined {
  // An empty reference would resolve to the base itself: that is no link at all.
  if (!value.trim()) return undefined;
  try {
    const url = new URL(value.trim(), base);
    return ["http:", "https:", "mailto:"].includes(url.protocol) ? url.href : undefined;
  } catch {
    return undefined;
  }
}

// C0/C1 controls (tab, CR and LF included), and bidi overrides that can disguise text.
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]+/g;
// Invisible characters that only get in the way in a title: zero-width space, word joiner, and the byte-order mark
// (U+FEFF, which \s would even turn into a space). Zero-width joiner and non-joiner (U+200D, U+200C) stay: they
// hold emoji sequences together and shape Persian and Indic words.
const ZERO_WIDTH = /[\u200b\u2060\ufeff]/g;
// Half of a surrogate pair, alone (a JSON feed's "\ud800"): no character, and U+FFFD once encoded.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Plain text from HTML or text: no markup, no control or zero-width characters, whitespace collapsed. */
export function plainText(html: string): string {
  // A paragraph, line break, list item or cell ends a word: without a space there, stripping the tags
  // glued "…ends here.</p><p>Next…" into "here.Next".
  const spaced = html.includes("<") ? html.replace(BLOCK_BOUNDARY, " $&") : html;
  const stripped = sanitizeHtml(dropNoCharacterReferences(spaced), {
    allowedTags: [],
    allowedAttributes: {},
    nonTextTags: CONTENT_OPTIONS.nonTextTags ?? [],
  });
  return decodeHTML(stripped).replace(ZERO_WIDTH, "").replace(LONE_SURROGATE, "").replace(CONTROL_CHARS, " ").replace(/\s+/g, " ").trim();
}

/** Tags that end a run of text in a browser: block elements (opening or closing), line breaks and table cells. */
const BLOCK_BOUNDARY = /<\/?(?:p|div|br|hr|li|ul|ol|dl|dt|dd|h[1-6]|td|th|tr|table|blockquote|pre|section|article|aside|header|footer|figure|figcaption|address)(?=[\s/>])[^>]*>/gi;

// A numeric character reference, decimal or hex, with or without its ";" (HTML reads both).
const NUMERIC_REFERENCE = /&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));?/g;

/**
 * A reference to NUL, to half of a surrogate pair or past U+10FFFF (`&#0;`, `&#xD800;`) stands for no character:
 * HTML shows each as U+FFFD, a visible "�". Such references are dropped instead.
 */
export function dropNoCharacterReferences(html: string): string {
  return html.replace(NUMERIC_REFERENCE, (reference, hex?: string, decimal?: string) =>
    isNoCharacter(hex === undefined ? Number.parseInt(decimal!, 10) : Number.parseInt(hex, 16)) ? "" : reference,
  );
}

export function isNoCharacter(codePoint: number): boolean {
  return codePoint === 0 || (codePoint >= 0xd800 && codePoint <= 0xdfff) || codePoint > 0x10ffff;
}

/** Every <img> of already-sanitised HTML, in order: its absolute source, alt text and `width`/`height` attribute text. */
export function contentImages(html: string): ParsedImage[] {
  const images = DomUtils.findAll((el) => el.name === "img" && !!el.attribs.src, parseDocument(html).children);
  return images.map(({ attribs: { src, alt, width, height } }) => ({ url: src!, alt, width, height }));
}
