// Chooses the lead story and the headlines from the articles of every feed: a pure function of its inputs.
import type { DigestConfig } from "../config/schema.ts";
import { LeadlineError } from "../errors.ts";
import type { FeedResult } from "../feeds/article.ts";
import { clusterArticles, type Candidate, type Cluster } from "./clusterArticles.ts";
import { collectCandidates } from "./collectCandidates.ts";
import type { AppliedOverrides, Digest, Exclusions, FeedReport, PassedOver } from "./digest.ts";
import { matchesArticle, NO_OVERRIDES, type EditorOverrides } from "./editorOverrides.ts";
import { historyKeys } from "./historyKeys.ts";
import { rankHeadlines, type Headline } from "./rankHeadlines.ts";
import { byPinThenScore, type RankedStory } from "./rankedStory.ts";
import { scoreStory } from "./scoreStory.ts";
import { toDigestStory } from "./toDigestStory.ts";

export interface SelectionInput {
  feeds: readonly FeedResult[];
  settings: DigestConfig;
  now: Date;
  /** `feeds[].weight` by feed source; a feed not listed weighs 1. */
  weights?: ReadonlyMap<string, number>;
  /** The newsletter's language, for stopwords and stemming (default `en`). */
  lang?: string;
  /** Article ids that already went out in an earlier issue of this newsletter. */
  alreadySent?: ReadonlySet<string>;
  overrides?: EditorOverrides;
}

/** A digest and the stories it passed over, or why there is none: fewer new stories than `digest.minNewArticles`. */
export type Selection = { ok: true; digest: Digest; passedOver: PassedOver[] } | { ok: false; stories: number; message: string };

export function selectStories(input: SelectionInput): Selection {
  const { feeds, settings, now, overrides = NO_OVERRIDES } = input;
  // No feed at all is an outage to report, not a quiet day.
  if (feeds.length > 0 && feeds.every((f) => !f.ok)) {
    throw new LeadlineError("EFEED", `every feed failed (${feeds.map((f) => f.name).join(", ")}): no digest`);
  }
  const { stories, excluded, candidates, passedOver } = newStories(input);
  if (stories.length < settings.minNewArticles) {
    return { ok: false, stories: stories.length, message: nothingNewMessage(stories.length, settings.minNewArticles, excluded) };
  }
  const [lead, ...rest] = [...stories].sort(byPinThenScore);
  // The editor's order is part of choosing the headlines; with sections, headlines move within their section.
  const headlines = rankHeadlines(lead!, rest, settings, overrides.order);
  const shown = (list: readonly Headline[]) => list.map((h) => toDigestStory(h.story, settings.teaserLength, h.related));
  const digest: Digest = {
    generatedAt: now.toISOString(),
    lead: toDigestStory(lead!, settings.leadTeaserLength),
    headlines: shown(headlines.flat),
    why: explainLead(lead!, rest[0]),
    candidates: candidates.length,
    stories: stories.length,
    feeds: feeds.map(toReport),
    overrides: appliedOverrides(overrides, candidates),
    excluded,
  };
  if (headlines.sections) {
    digest.sections = headlines.sections.map((s) => ({ title: s.title, headlines: shown(s.stories) }));
    digest.headlines = digest.sections.flatMap((s) => s.headlines);
  }
  if (overrides.note) digest.note = overrides.note;
  if (overrides.subject) digest.subject = overrides.subject;
  const chosen = new Set(headlines.flat.map((h) => h.story));
  const belowLimit = rest.filter((r) => !chosen.has(r)).map((r): PassedOver => ({ story: toDigestStory(r, settings.teaserLength), reason: "belowLimit" }));
  return { ok: true, digest, passedOver: [...belowLimit, ...passedOver] };
}

/** Stories the next issue may carry: not too old, not sent before, not dropped; each scored. */
function newStories({ feeds, settings, now, weights = new Map(), lang = "en", alreadySent = new Set(), overrides = NO_OVERRIDES }: SelectionInput) {
  const isPinned = (c: Candidate) => overrides.pins.some((ref) => matchesArticle(ref, c.article));
  const candidates = collectCandidates(feeds, { weights, lang });
  const oldest = settings.maxAgeHours === undefined ? -Infinity : now.getTime() - settings.maxAgeHours * 3_600_000;
  const fresh = candidates.filter((c) => isPinned(c) || Date.parse(c.article.published) >= oldest);
  const excluded: Exclusions = { alreadySent: 0, tooOld: candidates.length - fresh.length, dropped: 0, duplicates: 0 };
  const passedOver: PassedOver[] = [];
  const leaveOut = (cluster: Cluster, reason: PassedOver["reason"]) =>
    passedOver.push({ story: toDigestStory({ cluster, score: scoreStory(cluster, settings.recencyHalfLifeHours, now) }, settings.teaserLength), reason });
  const stories: RankedStory[] = [];
  for (const cluster of clusterArticles(fresh, settings.duplicateThreshold)) {
    const members = cluster.members;
    if (members.some((c) => overrides.drops.some((ref) => matchesArticle(ref, c.article)))) {
      excluded.dropped += members.length;
      leaveOut(cluster, "dropped");
    } else if (!members.some(isPinned) && members.some((c) => historyKeys(c.article).some((key) => alreadySent.has(key)))) {
      excluded.alreadySent += members.length;
      leaveOut(cluster, "alreadySent");
    } else {
      excluded.duplicates += members.length - 1;
      stories.push(withPin(cluster, overrides, settings, now));
    }
  }
  const kept = new Set(fresh);
  for (const c of candidates) if (!kept.has(c)) leaveOut({ members: [c], vector: c.vector }, "tooOld");
  return { stories, excluded, candidates, passedOver };
}

/** Scores the story; a pinned article becomes the one that stands for its story. */
function withPin(cluster: Cluster, overrides: EditorOverrides, settings: DigestConfig, now: Date): RankedStory {
  const pin = overrides.pins.findIndex((ref) => cluster.members.some((c) => matchesArticle(ref, c.article)));
  if (pin < 0) return { cluster, score: scoreStory(cluster, settings.recencyHalfLifeHours, now) };
  const pinned = cluster.members.filter((c) => matchesArticle(overrides.pins[pin]!, c.article));
  const members = [...pinned, ...cluster.members.filter((c) => !pinned.includes(c))];
  const reordered = { ...cluster, members };
  return { cluster: reordered, score: scoreStory(reordered, settings.recencyHalfLifeHours, now), pin };
}

function explainLead(lead: RankedStory, runnerUp: RankedStory | undefined): string {
  if (lead.pin !== undefined) return "pinned by an editor (leadline pin)";
  const s = lead.score;
  const parts = [
    `score ${s.total} = recency ${s.recency} (${s.undated ? `undated, counted as ${s.ageHours} h` : `${s.ageHours} h`} old) × feed weight ${s.weight} × coverage ${s.coverage} (${s.feeds} feed${s.feeds === 1 ? "" : "s"}) × image ${s.image}`,
  ];
  if (runnerUp) parts.push(`next best: "${runnerUp.cluster.members[0]!.article.title}" at ${runnerUp.score.total}`);
  return `highest ${parts.join("; ")}`;
}

function nothingNewMessage(stories: number, minimum: number, excluded: Exclusions): string {
  const why = `${excluded.alreadySent} article(s) already sent, ${excluded.tooOld} too old, ${excluded.dropped} dropped`;
  return `nothing to send: ${stories} new stor${stories === 1 ? "y" : "ies"}, fewer than digest.minNewArticles (${minimum}); ${why}`;
}

function appliedOverrides(overrides: EditorOverrides, candidates: readonly Candidate[]): AppliedOverrides {
  const matched = (ref: string) => ({ article: ref, matched: candidates.some((c) => matchesArticle(ref, c.article)) });
  const applied: AppliedOverrides = { pinned: overrides.pins.map(matched), dropped: overrides.drops.map(matched) };
  if (overrides.note) applied.note = overrides.note;
  if (overrides.order) applied.order = overrides.order.map((p) => ({ ...p }));
  if (overrides.subject) applied.subject = overrides.subject;
  return applied;
}

function toReport(feed: FeedResult): FeedReport {
  return feed.ok
    ? { name: feed.name, source: feed.source, ok: true, articles: feed.articles.length }
    : { name: feed.name, source: feed.source, ok: false, articles: 0, error: feed.error.message };
}
