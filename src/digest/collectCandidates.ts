// Every usable article of every feed that worked, with its feed's weight and its term vector.
import type { Article, FeedResult } from "../feeds/article.ts";
import type { Candidate } from "./clusterArticles.ts";
import { tfidfVectors } from "./similarity.ts";
import { makeTermExtractor } from "./terms.ts";

export interface CandidateOptions {
  /** `feeds[].weight` by feed source (URL or path); a feed not listed weighs 1. */
  weights: ReadonlyMap<string, number>;
  lang: string;
}

/** Skipped entries are left out, and so is an article a feed lists twice (same id). */
export function collectCandidates(feeds: readonly FeedResult[], { weights, lang }: CandidateOptions): Candidate[] {
  const found: { article: Article; weight: number; feedIndex: number }[] = [];
  feeds.forEach((feed, feedIndex) => {
    if (!feed.ok) return;
    const seen = new Set<string>();
    for (const article of feed.articles) {
      if (article.skipped || seen.has(article.id)) continue;
      seen.add(article.id);
      found.push({ article, weight: weights.get(feed.source) ?? 1, feedIndex });
    }
  });
  const termsOf = makeTermExtractor({ lang });
  const vectors = tfidfVectors(found.map((f) => termsOf(f.article)));
  return found.map((f, i) => ({ ...f, vector: vectors[i]! }));
}
