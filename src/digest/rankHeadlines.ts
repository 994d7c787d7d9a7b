// Orders the stories after the lead: pinned ones, then those related to the lead, then the rest by score.
import type { DigestConfig } from "../config/schema.ts";
import { cosine } from "./similarity.ts";
import { byPinThenScore, type RankedStory } from "./rankedStory.ts";

export interface Headline {
  story: RankedStory;
  /** Cosine similarity of the story to the lead. */
  related: number;
}

export interface RankedHeadlines {
  flat: Headline[];
  sections?: { title: string; stories: Headline[] }[];
}

export function rankHeadlines(lead: RankedStory, others: readonly RankedStory[], settings: DigestConfig): RankedHeadlines {
  const headlines = others.map((story) => ({ story, related: round(cosine(lead.cluster.vector, story.cluster.vector)) }));
  const tier = (h: Headline) => (h.story.pin !== undefined ? 0 : h.related >= settings.relatedThreshold ? 1 : 2);
  const chosen = headlines
    .sort((a, b) => tier(a) - tier(b) || (tier(a) === 1 ? b.related - a.related : 0) || byPinThenScore(a.story, b.story))
    .slice(0, settings.headlines);
  if (settings.sections === "none") return { flat: chosen };
  const sections = groupBy(chosen, (h) => sectionTitle(h.story, settings.sections));
  return { flat: sections.flatMap((s) => s.stories), sections };
}

function sectionTitle(story: RankedStory, by: DigestConfig["sections"]): string {
  const article = story.cluster.members[0]!.article;
  return by === "feed" ? article.feedName : (article.categories[0] ?? "More");
}

/** Groups in order of each group's first (best-ranked) headline, keeping rank order inside a group. */
function groupBy(headlines: readonly Headline[], key: (h: Headline) => string): { title: string; stories: Headline[] }[] {
  const groups = new Map<string, Headline[]>();
  for (const h of headlines) groups.set(key(h), [...(groups.get(key(h)) ?? []), h]);
  return [...groups].map(([title, stories]) => ({ title, stories }));
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
