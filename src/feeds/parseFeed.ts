// The only module that talks to rss-parser: XML text in, the parser's loose item records out.
import Parser from "rss-parser";
import { LeadlineError } from "../errors.ts";

/** One entry as rss-parser leaves it: known keys plus the extension elements we ask for. */
export type RawItem = Record<string, unknown>;

export interface RawFeed {
  title?: string;
  link?: string;
  description?: string;
  image?: { url?: string };
  feedUrl?: string;
  items: RawItem[];
}

const parser = new Parser({
  customFields: {
    item: [
      ["media:content", "mediaContent", { keepArray: true }],
      ["media:thumbnail", "mediaThumbnail", { keepArray: true }],
      ["media:group", "mediaGroup"],
      ["media:description", "mediaDescription"],
      ["media:credit", "mediaCredit"],
      ["itunes:image", "itunesImage"],
      ["dc:creator", "dcCreator"],
      ["summary", "atomSummary"],
      ["updated", "updated"],
    ],
  },
});

export async function parseFeed(xml: string): Promise<RawFeed> {
  try {
    const feed = await parser.parseString(xml);
    return feed as unknown as RawFeed;
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new LeadlineError("EFEED", `not a readable RSS or Atom feed: ${reason}`);
  }
}
