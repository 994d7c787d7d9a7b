// Recognises the format of a feed document and hands it to that format's parser.
import { LeadlineError } from "../errors.ts";
import { parseAtom } from "./parseAtom.ts";
import type { ParsedFeed } from "./parsedFeed.ts";
import { parseJsonFeed } from "./parseJsonFeed.ts";
import { parseRdf, parseRss } from "./parseRss.ts";
import { parseXml } from "./xmlDocument.ts";

/** `documentUrl` is the first base for relative URLs (xml:base may refine it). */
export function parseFeed(text: string, documentUrl?: string): ParsedFeed {
  const body = text.replace(/^\uFEFF/, "");
  try {
    if (body.trimStart().startsWith("{")) return parseJsonFeed(body);
    const root = parseXml(body, documentUrl);
    if (root.name === "rss") return parseRss(root);
    if (root.name === "rdf:RDF") return parseRdf(root);
    if (root.name === "atom:feed") return parseAtom(root);
    if (root.name === "feed") throw new Error("a <feed> without the Atom namespace (xmlns=\"http://www.w3.org/2005/Atom\")");
    throw new Error(`the root element is <${root.name}>, not <rss>, <rdf:RDF> or <feed>`);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new LeadlineError("EFEED", `not a readable RSS, Atom or JSON feed: ${reason}`);
  }
}
