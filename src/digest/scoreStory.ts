// A story's score: recency × feed weight × coverage × image, each part kept so an editor can see why.
import type { Cluster } from "./clusterArticles.ts";
import { hasUsableImage } from "./clusterArticles.ts";
import type { StoryScore } from "./digest.ts";

const HOUR_MS = 3_600_000;
const IMAGE_BONUS = 1.25;

export function scoreStory(cluster: Cluster, halfLifeHours: number, now: Date): StoryScore {
  // An undated article carries the time it was fetched, which would make it brand new at every run and
  // let it lead over real news. Its age is unknown: it counts as one half-life old (recency 0.5), so
  // it can still lead a slow day.
  const dated = cluster.members.filter((m) => !m.article.dateMissing);
  const newest = dated.length ? Math.max(...dated.map((m) => Date.parse(m.article.published))) : undefined;
  // A story dated in the future (clock skew, scheduled posts) counts as brand new, not as newer than new.
  const ageHours = newest === undefined ? halfLifeHours : Math.max(0, (now.getTime() - newest) / HOUR_MS);
  const recency = 0.5 ** (ageHours / halfLifeHours);
  const weight = Math.max(...cluster.members.map((m) => m.weight));
  const feeds = new Set(cluster.members.map((m) => m.feedIndex)).size;
  const coverage = 1 + Math.log2(feeds);
  const image = hasUsableImage(cluster.members[0]!.article) ? IMAGE_BONUS : 1;
  return {
    total: round(recency * weight * coverage * image),
    recency: round(recency),
    ageHours: round(ageHours),
    weight,
    feeds,
    coverage: round(coverage),
    image,
    ...(newest === undefined ? { undated: true as const } : {}),
  };
}

/** Four decimals: enough to rank by, short enough to read in digest.json. */
function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
