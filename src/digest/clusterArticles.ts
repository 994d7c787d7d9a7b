// Groups copies of one article, and near-duplicates from different feeds, into stories (TF-IDF cosine similarity).
import type { Article } from "../feeds/article.ts";
import { linkKey } from "../feeds/canonicalLink.ts";
import { centroid, type Vector } from "./similarity.ts";

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
 * Single-link clustering, merging copies of one article first, then the most similar pairs (ties by
 * id, so the result never depends on feed order or timing). Two articles join when their cosine
 * similarity is at least `threshold`, or when they are copies of one article (see copyPairs).
 * Otherwise a story holds at most one article per feed: two articles of one feed are two stories,
 * however alike (a report and its explainer); but a feed that repeats an article under new guids
 * (a CMS republishing a correction) gives one story.
 */
export function clusterArticles(candidates: readonly Candidate[], threshold: number): Cluster[] {
  const parent = candidates.map((_, i) => i);
  const feedsOf = candidates.map((c) => new Set([c.feedIndex]));
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  for (const { i, j, same } of similarPairs(candidates, threshold)) {
    const [a, b] = [find(i), find(j)];
    if (a === b || (!same && [...feedsOf[b]!].some((f) => feedsOf[a]!.has(f)))) continue;
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

interface Pair {
  i: number;
  j: number;
  /** Copies of one article: they join even from one feed. */
  same: boolean;
  similarity: number;
}

/**
 * Pairs at or above the threshold: copies of one article first, then the most similar. Not every pair
 * is looked at (5,000 articles took minutes): copies are found through their shared id, title or link,
 * and similarities through the terms two articles share (an inverted index), which sums the very
 * products cosine() would, in the same order. The threshold is above 0, so a pair that shares no term
 * never counts.
 */
function similarPairs(candidates: readonly Candidate[], threshold: number): Pair[] {
  const pairs: Pair[] = [];
  const copies = copyPairs(candidates);
  for (const pair of copies.values()) pairs.push({ ...pair, same: true, similarity: 1 });
  const postings = new Map<string, { index: number; weight: number }[]>();
  candidates.forEach((c, index) => {
    for (const [term, weight] of c.vector) {
      let list = postings.get(term);
      if (!list) postings.set(term, (list = []));
      list.push({ index, weight });
    }
  });
  for (let i = 0; i < candidates.length; i++) {
    const dots = new Map<number, number>();
    // The vector's terms are sorted (see normalise), so each pair's products are added in term order.
    for (const [term, weight] of candidates[i]!.vector) {
      for (const other of postings.get(term)!) {
        if (other.index > i) dots.set(other.index, (dots.get(other.index) ?? 0) + weight * other.weight);
      }
    }
    for (const [j, dot] of dots) {
      const similarity = Math.min(1, dot);
      if (similarity >= threshold && !copies.has(i * candidates.length + j)) pairs.push({ i, j, same: false, similarity });
    }
  }
  const key = (p: Pair) => `${candidates[p.i]!.article.id}\n${candidates[p.j]!.article.id}`;
  return pairs.sort((p, q) => Number(q.same) - Number(p.same) || q.similarity - p.similarity || compare(key(p), key(q)));
}

/**
 * Copies of one article: the same id, the same link once tracking parameters, click ids, scheme and
 * fragment are gone, or the same title. Across feeds a title alone counts only when it is a headline
 * of some length: two papers' "Letters" or "The week in review" are different stories (their words
 * decide, like any other pair), while a wire story's headline run word for word by two feeds is one.
 * Keyed by i × n + j (i < j).
 */
function copyPairs(candidates: readonly Candidate[]): Map<number, { i: number; j: number }> {
  const n = candidates.length;
  const found = new Map<number, { i: number; j: number }>();
  const groups = new Map<string, number[]>();
  const add = (key: string, index: number) => {
    const group = groups.get(key);
    if (group) group.push(index);
    else groups.set(key, [index]);
  };
  candidates.forEach(({ article }, index) => {
    add(`id\n${article.id}`, index);
    if (article.title !== "") add(`title\n${article.title.toLowerCase()}`, index);
    if (article.link !== "") add(`link\n${linkKey(article.link)}`, index);
  });
  for (const [key, group] of groups) {
    const byTitle = key.startsWith("title\n");
    for (let a = 0; a < group.length; a++) {
      for (let b = a + 1; b < group.length; b++) {
        const [i, j] = [group[a]!, group[b]!];
        const [x, y] = [candidates[i]!, candidates[j]!];
        if (byTitle && x.feedIndex !== y.feedIndex && words(x.article.title) < DISTINCTIVE_TITLE_WORDS) continue;
        found.set(i * n + j, { i, j });
      }
    }
  }
  return found;
}

/** Words from which an identical title marks one story across feeds. */
const DISTINCTIVE_TITLE_WORDS = 5;

function words(title: string): number {
  return title.split(/\s+/u).filter(Boolean).length;
}

/**
 * The article that stands for the story: heaviest feed, then one with an image, then the earlier feed; of one feed's
 * copies the newest, then the longest.
 */
function byRepresentative(a: Candidate, b: Candidate): number {
  return (
    b.weight - a.weight ||
    Number(hasUsableImage(b.article)) - Number(hasUsableImage(a.article)) ||
    a.feedIndex - b.feedIndex ||
    compare(lastChanged(b.article), lastChanged(a.article)) ||
    length(b.article) - length(a.article) ||
    compare(a.article.id, b.article.id)
  );
}

function lastChanged(article: Article): string {
  return article.updated ?? article.published;
}

function length(article: Article): number {
  return article.summary.length + article.contentHtml.length;
}

export function hasUsableImage(article: Article): boolean {
  return article.image !== undefined && /^https?:\/\//i.test(article.image.url);
}

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
