// What the digest stage hands to rendering: the lead, the headlines, and why they were chosen.
import type { ArticleImage } from "../feeds/article.ts";

export interface DigestStory {
  id: string;
  title: string;
  link: string;
  feedName: string;
  published: string;
  teaser: string;
  author?: string;
  image?: ArticleImage;
  categories: string[];
}

export interface FeedReport {
  name: string;
  source: string;
  ok: boolean;
  articles: number;
  error?: string;
}

/** Headlines grouped under a heading (e.g. by feed or topic). */
export interface DigestSection {
  title: string;
  headlines: DigestStory[];
}

export interface Digest {
  /** The clock the digest was chosen with (ISO-8601). */
  generatedAt: string;
  lead: DigestStory;
  headlines: DigestStory[];
  /** An editor's note shown before the lead, plain text. */
  note?: string;
  /** When present, templates show the headlines under these headings instead of one flat list. */
  sections?: DigestSection[];
  /** Why the lead is the lead, in words an editor can check. */
  why: string;
  /** How many usable articles there were to choose from. */
  candidates: number;
  feeds: FeedReport[];
}
