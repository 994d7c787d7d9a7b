// Recognises a feed document as JSON Feed or XML (RSS/Atom) and hands it to that parser.
import { LeadlineError } from "../errors.ts";
import type { ParsedFeed } from "./parsedFeed.ts";
import { parseJsonFeed } from "./parseJsonFeed.ts";
import { parseXmlFeed } from "./parseXmlFeed.ts";

/** `documentUrl` is the first base for relative URLs (xml:base may refine it). */
export async function parseFeed(text: string, documentUrl?: string): Promise<ParsedFeed> {
  const body = text.replace(/^\uFEFF/, "");
  try {
    if (body.trimStart().startsWith("{")) return parseJsonFeed(body);
    return await parseXmlFeed(body, documentUrl);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new LeadlineError("EFEED", `not a readable RSS, Atom or JSON feed: ${reason}`);
  }
}
