// Chooses and orders the stories after the lead: pinned ones, those an editor placed, then those related to the lead, then the rest by score.
import type { DigestConfig } from "../config/schema.ts";
import { matchesArticle, type HeadlinePlacement } from "./editorOverrides.ts";
import { orderHeadlines } from "./orderHeadlines.ts";
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

export function rankHeadlines(lead: RankedStory, others: readonly RankedStory[], settings: DigestConfig, order: readonly HeadlinePlacement[] = []): RankedHeadlines {
  const headlines = others.map((story) => ({ story, related: round(cosine(lead.cluster.vector, story.cluster.vector)) }));
  const tier = (h: Headline) => (h.story.pin !== undefined ? 0 : h.related >= settings.relatedThreshold ? 1 : 2);
  const ranked = headlines.sort((a, b) => tier(a) - tier(b) || (tier(a) === 1 ? b.related - a.related : 0) || byPinThenScore(a.story, b.story));
  const placeOf = (h: Headline) => (h.story.pin !== undefined ? undefined : order.find((p) => h.story.cluster.members.some((c) => matchesArticle(p.article, c.article)))?.at);
  // The cut comes after the editor's say: pins first, then the stories an editor placed (whatever their rank),
  // then the rest as ranked; so a placed story never drops out because the lead or the ranking changed.
  const claim = (h: Headline) => (h.story.pin !== undefined ? -1 : (placeOf(h) ?? Number.MAX_SAFE_INTEGER));
  const kept = new Set([...ranked].sort((a, b) => claim(a) - claim(b)).slice(0, settings.headlines));
  const chosen = ranked.filter((h) => kept.has(h));
  // Pins head their list; the editor's places count among the headlines after them.
  const arrange = (list: readonly Headline[]) => [...list.filter((h) => h.story.pin !== undefined), ...orderHeadlines(list.filter((h) => h.story.pin === undefined), placeOf)];
  if (settings.sections === "none") return { flat: arrange(chosen) };
  const sections = groupBy(chosen, (h) => sectionTitle(h.story, settings.sections)).map((s) => ({ title: s.title, stories: arrange(s.stories) }));
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
