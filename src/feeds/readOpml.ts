// Reads the feeds of an OPML subscription list: every outline with an xmlUrl, at any depth, named by its title or text.
import { DomUtils, parseDocument } from "htmlparser2";
import type { FeedSource } from "./fetchFeed.ts";

type Element = ReturnType<typeof DomUtils.getElementsByTagName>[number];

/** Throws an Error saying what is wrong; the caller names the file. Lenient and non-validating: no DTD, no entities. */
export function readOpml(text: string): FeedSource[] {
  const source = text.replace(/^\uFEFF/, "");
  // A lenient parser finds "elements" anywhere (a YAML file's "Name <a@b>"): XML starts with its markup.
  if (!source.trimStart().startsWith("<")) throw new Error("it is not XML (an OPML file starts with <?xml or <opml>)");
  const root = parseDocument(source, { xmlMode: true }).children.find(DomUtils.isTag);
  if (!root) throw new Error("the document has no XML element");
  if (root.name !== "opml") throw new Error(`the root element is <${root.name}>, not <opml>`);
  const body = root.children.find((c): c is Element => DomUtils.isTag(c) && c.name === "body");
  if (!body) throw new Error("an <opml> without a <body>");
  const feeds = DomUtils.getElementsByTagName("outline", body, true).flatMap((outline) => {
    const url = outline.attribs.xmlUrl?.trim() ?? outline.attribs.xmlurl?.trim();
    if (!url) return [];
    const name = (outline.attribs.title ?? outline.attribs.text)?.trim();
    return [name ? { url, name } : { url }];
  });
  if (feeds.length === 0) throw new Error("no <outline> with an xmlUrl");
  return feeds;
}
