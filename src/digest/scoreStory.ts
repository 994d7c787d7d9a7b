// A story's score: recency × feed weight × coverage × image, each part kept so an editor can see why.
import type { Cluster } from "./clusterArticles.ts";
import { hasUsableImage } from "./clusterArticles.ts";
import type { StoryScore } from "./digest.ts";

const HOUR_MS = 3_600_000;
const IMAGE_BONUS = 1.25;

export function scoreStory(cluster: Cluster, halfLifeHours: number, now: Date): StoryScore {
  const newest = Math.max(...cluster.members.map((m) => Date.parse(m.article.published)));
  // A story dated in the future (clock skew, scheduled posts) counts as brand new, not as newer than new.
  const ageHours = Math.max(0, (now.getTime() - newest) / HOUR_MS);
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
  };
}

/** Four decimals: enough to rank by, short enough to read in digest.json. */
function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
