// What each format's parser hands to normalisation: the feed's own fields, still raw (HTML, relative URLs, date text).
export type FeedFormat = "RSS 0.90" | "RSS 0.91" | "RSS 0.92" | "RSS 2.0" | "RSS 1.0" | "Atom 0.3" | "Atom 1.0" | "JSON Feed 1.0" | "JSON Feed 1.1";

export interface ParsedImage {
  url: string;
  alt?: string | undefined;
  credit?: string | undefined;
  /** The feed's `width` and `height` attribute text, unchecked. */
  width?: string | undefined;
  height?: string | undefined;
}

export interface ParsedEnclosure {
  url: string;
  type?: string | undefined;
  length?: string | number | undefined;
}

export interface ParsedEntry {
  id?: string | undefined;
  /** The id is the article's permalink (RSS `guid isPermaLink`): a link when the entry has none. */
  idIsLink?: boolean;
  /** HTML (plain-text titles arrive escaped). */
  title?: string | undefined;
  link?: string | undefined;
  /** Base for this entry's relative URLs (xml:base), before the item link and the feed link. */
  base?: string | undefined;
  /** Base for URLs inside the content, when the content element has its own xml:base. */
  contentBase?: string | undefined;
  published?: string | undefined;
  updated?: string | undefined;
  author?: string | undefined;
  /** HTML. */
  summary?: string | undefined;
  /** HTML. */
  content?: string | undefined;
  categories: string[];
  enclosures: ParsedEnclosure[];
  /** Image candidates in the order the lead image is chosen from (image enclosures, media:content, media:thumbnail, itunes:image). */
  images: ParsedImage[];
}

export interface ParsedFeed {
  format: FeedFormat;
  title?: string | undefined;
  link?: string | undefined;
  description?: string | undefined;
  image?: string | undefined;
  base?: string | undefined;
  entries: ParsedEntry[];
}
