// Chooses the lead story and the headlines from the articles of every feed: a pure function of its inputs.
import type { DigestConfig } from "../config/schema.ts";
import type { Article, FeedResult } from "../feeds/article.ts";
import { LeadlineError } from "../errors.ts";
import type { Digest, DigestStory, FeedReport } from "./digest.ts";
import { cutTeaser } from "./teaser.ts";

export interface SelectionInput {
  feeds: readonly FeedResult[];
  settings: DigestConfig;
  now: Date;
  /** Article ids that already went out in an earlier issue. */
  alreadySent?: ReadonlySet<string>;
}

export function selectStories({ feeds, settings, now, alreadySent = new Set() }: SelectionInput): Digest {
  const candidates = usableArticles(feeds).filter((a) => !alreadySent.has(a.id));
  const newestFirst = [...candidates].sort(byNewest);
  const withImage = newestFirst.find((a) => a.image);
  const lead = withImage ?? newestFirst[0];
  if (!lead) {
    throw new LeadlineError("ENOTHINGNEW", `no new article to build a digest from (${describeFeeds(feeds)})`);
  }
  const headlines = newestFirst.filter((a) => a !== lead).slice(0, settings.headlines);
  return {
    generatedAt: now.toISOString(),
    lead: toStory(lead, settings.leadTeaserLength),
    headlines: headlines.map((a) => toStory(a, settings.teaserLength)),
    why: withImage ? "newest article with an image" : "newest article (none had an image)",
    candidates: candidates.length,
    feeds: feeds.map(toReport),
  };
}

/** Articles the digest can use, each story once (the first feed to carry an id wins). */
function usableArticles(feeds: readonly FeedResult[]): Article[] {
  const seen = new Set<string>();
  const out: Article[] = [];
  for (const feed of feeds) {
    if (!feed.ok) continue;
    for (const article of feed.articles) {
      if (article.skipped || seen.has(article.id)) continue;
      seen.add(article.id);
      out.push(article);
    }
  }
  return out;
}

/** Newest first; ties broken by id so the order never depends on feed timing. */
function byNewest(a: Article, b: Article): number {
  return b.published.localeCompare(a.published) || a.id.localeCompare(b.id);
}

function toStory(article: Article, teaserLength: number): DigestStory {
  const story: DigestStory = {
    id: article.id,
    title: article.title,
    link: article.link,
    feedName: article.feedName,
    published: article.published,
    teaser: cutTeaser(article.summary, teaserLength),
    categories: article.categories,
  };
  if (article.author) story.author = article.author;
  if (article.image) story.image = article.image;
  return story;
}

function toReport(feed: FeedResult): FeedReport {
  return feed.ok
    ? { name: feed.name, source: feed.source, ok: true, articles: feed.articles.length }
    : { name: feed.name, source: feed.source, ok: false, articles: 0, error: feed.error.message };
}

function describeFeeds(feeds: readonly FeedResult[]): string {
  const failed = feeds.filter((f) => !f.ok).length;
  return `${feeds.length} feed(s), ${failed} failed`;
}
