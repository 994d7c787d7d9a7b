// A ranked story as the digest shows it: its best article, a teaser, its score and the other feeds.
import type { DigestStory } from "./digest.ts";
import type { RankedStory } from "./rankedStory.ts";
import { cutTeaser } from "./teaser.ts";

export function toDigestStory({ cluster, score, pin }: RankedStory, teaserLength: number, related?: number): DigestStory {
  const [best, ...others] = cluster.members.map((m) => m.article);
  const article = best!;
  // The best article may have no summary while another feed's copy has one.
  const summary = [article, ...others].find((a) => a.summary.trim() !== "")?.summary ?? "";
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
