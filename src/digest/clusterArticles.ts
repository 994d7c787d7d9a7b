// Groups near-duplicate articles from different feeds into stories, by TF-IDF cosine similarity.
import type { Article } from "../feeds/article.ts";
import { centroid, cosine, type Vector } from "./similarity.ts";

/** An article offered to the digest, with what selection needs to know about its feed. */
export interface Candidate {
  article: Article;
  /** `feeds[].weight` of its feed. */
  weight: number;
  /** Position of its feed in the config: the earlier feed wins ties. */
  feedIndex: number;
  vector: Vector;
}

/** One story: articles about the same thing, best first (the representative). */
export interface Cluster {
  members: Candidate[];
  vector: Vector;
}

/**
 * Single-link clustering, merging the most similar pairs first (ties by id, so the result never
 * depends on feed order or timing). Two articles join when their cosine similarity is at least
 * `threshold`, or when they share an id or a link. A story holds at most one article per feed: two
 * articles of one feed are two stories, however alike (a report and its explainer).
 */
export function clusterArticles(candidates: readonly Candidate[], threshold: number): Cluster[] {
  const parent = candidates.map((_, i) => i);
  const feedsOf = candidates.map((c) => new Set([c.feedIndex]));
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  for (const [i, j] of similarPairs(candidates, threshold)) {
    const [a, b] = [find(i), find(j)];
    if (a === b || [...feedsOf[b]!].some((f) => feedsOf[a]!.has(f))) continue;
    parent[b] = a;
    for (const f of feedsOf[b]!) feedsOf[a]!.add(f);
  }
  const groups = new Map<number, Candidate[]>();
  candidates.forEach((c, i) => groups.set(find(i), [...(groups.get(find(i)) ?? []), c]));
  return [...groups.values()].map((members) => {
    const sorted = [...members].sort(byRepresentative);
    return { members: sorted, vector: centroid(sorted.map((m) => m.vector)) };
  });
}

/** Pairs at or above the threshold, most similar first. */
function similarPairs(candidates: readonly Candidate[], threshold: number): [number, number][] {
  const pairs: { i: number; j: number; similarity: number }[] = [];
  for (let i = 0; i < candidates.length; i++) {
    for (let j = i + 1; j < candidates.length; j++) {
      const similarity = sameArticle(candidates[i]!.article, candidates[j]!.article) ? 1 : cosine(candidates[i]!.vector, candidates[j]!.vector);
      if (similarity >= threshold) pairs.push({ i, j, similarity });
    }
  }
  const key = (p: { i: number; j: number }) => `${candidates[p.i]!.article.id}\n${candidates[p.j]!.article.id}`;
  return pairs.sort((p, q) => q.similarity - p.similarity || compare(key(p), key(q))).map((p) => [p.i, p.j]);
}

function sameArticle(a: Article, b: Article): boolean {
  return a.id === b.id || (a.link !== "" && a.link === b.link);
}

/** The article that stands for the story: heaviest feed, then one with an image, then the earlier feed. */
function byRepresentative(a: Candidate, b: Candidate): number {
  return b.weight - a.weight || Number(hasUsableImage(b.article)) - Number(hasUsableImage(a.article)) || a.feedIndex - b.feedIndex || compare(a.article.id, b.article.id);
}

export function hasUsableImage(article: Article): boolean {
  return article.image !== undefined && /^https?:\/\//i.test(article.image.url);
}

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
