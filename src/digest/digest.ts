// What the digest stage hands to rendering: the lead, the headlines, and why they were chosen.
import type { ArticleImage } from "../feeds/article.ts";
import type { HeadlinePlacement } from "./editorOverrides.ts";

/** The parts of a story's score; `total` is their product. */
export interface StoryScore {
  total: number;
  /** 0.5 ^ (ageHours / digest.recencyHalfLifeHours): 1 for a story published now. */
  recency: number;
  /** Hours since the story's newest article (never negative). */
  ageHours: number;
  /** The highest `feeds[].weight` among the feeds that carry it. */
  weight: number;
  /** How many feeds carry the story. */
  feeds: number;
  /** 1 + log2(feeds): more coverage counts, with diminishing returns. */
  coverage: number;
  /** 1.25 when the story has a usable (http/https) image, else 1. */
  image: number;
  /** No article of the story has a date: `ageHours` is one half-life, not a measured age. */
  undated?: true;
}

/** Another feed's article on the same story ("also in: Feed A, Feed B"). */
export interface AlsoIn {
  id: string;
  feedName: string;
  title: string;
  link: string;
}

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
  /** Why it ranks where it does. */
  score?: StoryScore;
  /** The same story in other feeds, best feed first. */
  alsoIn?: AlsoIn[];
  /** Cosine similarity to the lead (headlines only), 0–1. */
  related?: number;
  /** True when an editor pinned it (`leadline pin`). */
  pinned?: boolean;
}

export interface FeedReport {
  name: string;
  source: string;
  ok: boolean;
  articles: number;
  error?: string;
}

/** A group of headlines when `digest.sections` asks for them: same stories as `headlines`, grouped. */
export interface DigestSection {
  title: string;
  headlines: DigestStory[];
}

/** The editor's overrides this digest was built with, and whether each matched an article. */
export interface AppliedOverrides {
  pinned: { article: string; matched: boolean }[];
  dropped: { article: string; matched: boolean }[];
  note?: string;
  /** The headlines an editor moved and the places they were moved to, when any. */
  order?: HeadlinePlacement[];
  /** The editor's subject, when set. */
  subject?: string;
}

/** A story the issue does not carry, and why (for editors: `leadline preview`). */
export interface PassedOver {
  story: DigestStory;
  /** `belowLimit`: ranked after the last of `digest.headlines`; the others as in `Exclusions`. */
  reason: "belowLimit" | "dropped" | "alreadySent" | "tooOld";
}

/** How many articles were left out, and why. */
export interface Exclusions {
  /** Went out in an earlier issue (or belong to a story that did). */
  alreadySent: number;
  /** Older than `digest.maxAgeHours`. */
  tooOld: number;
  /** Dropped by an editor (the whole story). */
  dropped: number;
  /** Near-duplicates folded into another article's story. */
  duplicates: number;
}

export interface Digest {
  /** The clock the digest was chosen with (ISO-8601). */
  generatedAt: string;
  lead: DigestStory;
  headlines: DigestStory[];
  /** Why the lead is the lead, in words an editor can check. */
  why: string;
  /** How many usable articles there were to choose from. */
  candidates: number;
  feeds: FeedReport[];
  /** How many distinct new stories there were (near-duplicates count once). */
  stories?: number;
  /** The editor's intro note for this issue (`leadline note`). */
  note?: string;
  /** The editor's subject for this issue, used word for word instead of `newsletter.subject`. */
  subject?: string;
  /** Headlines grouped by feed or category, when `digest.sections` is set. */
  sections?: DigestSection[];
  overrides?: AppliedOverrides;
  excluded?: Exclusions;
}
