// A story on its way into the digest (its articles, its score, its pin) and the order stories rank in.
import { compare, type Cluster } from "./clusterArticles.ts";
import type { StoryScore } from "./digest.ts";

export interface RankedStory {
  cluster: Cluster;
  score: StoryScore;
  /** Position among the editor's pins (0 = most recent), when pinned. */
  pin?: number;
}

/** Pinned stories first (most recent pin first), then by score; ties by date, then id, so order is stable. */
export function byPinThenScore(a: RankedStory, b: RankedStory): number {
  const pinA = a.pin ?? Infinity;
  const pinB = b.pin ?? Infinity;
  if (pinA !== pinB) return pinA < pinB ? -1 : 1;
  return b.score.total - a.score.total || byNewestThenId(a, b);
}

function byNewestThenId(a: RankedStory, b: RankedStory): number {
  const [x, y] = [a.cluster.members[0]!.article, b.cluster.members[0]!.article];
  return compare(y.published, x.published) || compare(x.id, y.id);
}

