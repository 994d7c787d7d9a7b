// A ranked story as the digest shows it: its best article, a teaser, its score and the other feeds.
import type { Article } from "../feeds/article.ts";
import type { Candidate } from "./clusterArticles.ts";
import type { DigestStory } from "./digest.ts";
import type { RankedStory } from "./rankedStory.ts";
import { cutTeaser } from "./teaser.ts";

export function toDigestStory({ cluster, score, pin }: RankedStory, teaserLength: number, related?: number): DigestStory {
  const article = cluster.members[0]!.article;
  // The best article may have no summary while another feed's copy has one.
  const summary = cluster.members.find((m) => m.article.summary.trim() !== "")?.article.summary ?? "";
  const others = otherFeeds(cluster.members);
  const story: DigestStory = {
    id: article.id,
    title: article.title,
    link: article.link,
    feedName: article.feedName,
    published: article.published,
    teaser: cutTeaser(summary, teaserLength),
    categories: article.categories,
    score,
    alsoIn: others.map((a) => ({ id: a.id, feedName: a.feedName, title: a.title, link: a.link })),
  };
  if (article.author) story.author = article.author;
  if (article.image) story.image = article.image;
  if (related !== undefined) story.related = related;
  if (pin !== undefined) story.pinned = true;
  return story;
}

/** The best copy from each feed but the story's own: a feed that repeats the article is listed once, its own feed never. */
function otherFeeds([best, ...rest]: readonly Candidate[]): Article[] {
  const listed = new Set([best!.feedIndex]);
  const others: Article[] = [];
  for (const member of rest) {
    if (listed.has(member.feedIndex)) continue;
    listed.add(member.feedIndex);
    others.push(member.article);
  }
  return others;
}
