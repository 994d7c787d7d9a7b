// TF-IDF vectors over the articles of one run and their cosine similarity.
import type { TermBag } from "./terms.ts";

/** A unit-length sparse vector: term → weight. */
export type Vector = Map<string, number>;

/**
 * Weights each bag's terms by how rare they are among all bags (smoothed IDF, as in scikit-learn:
 * ln((1 + n) / (1 + df)) + 1), then scales every vector to unit length so cosine is a dot product.
 */
export function tfidfVectors(bags: readonly TermBag[]): Vector[] {
  const documentFrequency = new Map<string, number>();
  for (const bag of bags) for (const term of bag.keys()) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  const idf = (term: string) => Math.log((1 + bags.length) / (1 + (documentFrequency.get(term) ?? 0))) + 1;
  return bags.map((bag) => normalise(new Map([...bag].map(([term, tf]) => [term, tf * idf(term)]))));
}

/** Cosine similarity of two unit vectors, 0 (nothing shared) to 1 (same terms, same weights). */
export function cosine(a: Vector, b: Vector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [term, weight] of small) dot += weight * (large.get(term) ?? 0);
  return Math.min(1, dot);
}

/** The normalised sum of several vectors: what a story of several articles is about. */
export function centroid(vectors: readonly Vector[]): Vector {
  const sum: Vector = new Map();
  for (const vector of vectors) for (const [term, weight] of vector) sum.set(term, (sum.get(term) ?? 0) + weight);
  return normalise(sum);
}

function normalise(vector: Vector): Vector {
  let norm = 0;
  for (const weight of vector.values()) norm += weight * weight;
  norm = Math.sqrt(norm);
  if (norm === 0) return vector;
  // Sorted keys keep any later iteration (and so float sums) in one order: byte-stable output.
  return new Map([...vector].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([term, weight]) => [term, weight / norm]));
}
