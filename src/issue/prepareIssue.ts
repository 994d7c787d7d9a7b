// An issue per schedule slot, built once: the first run builds and stores it, later runs resume it.
import type { Config } from "../config/load.ts";
import type { Digest, PassedOver } from "../digest/digest.ts";
import { historyKeys } from "../digest/historyKeys.ts";
import type { FeedResult } from "../feeds/article.ts";
import type { FeedStateStore } from "../feeds/fetchFeed.ts";
import type { Logger } from "../logger.ts";
import type { MjmlCompiler } from "../render/mjml.ts";
import { renderIssue, type RenderedIssue } from "../render/renderIssue.ts";
import { approvedVersion } from "../store/approvals.ts";
import { feedStateStore } from "../store/feedState.ts";
import { renderOptions } from "../render/renderOptions.ts";
import { currentSlot } from "../schedule/slot.ts";
import { createIssue, findIssue, latestIssueSlot, otherNewsletters, sentArticleIds, type StoredIssue } from "../store/issues.ts";
import type { Db } from "../store/openStore.ts";
import { clearOverrides, loadOverrides } from "../store/overrides.ts";
import { countSubscribers, subscriberFieldNames } from "../store/subscribers.ts";
import { buildDigest } from "./buildDigest.ts";

export interface PreparedIssue {
  stored: StoredIssue;
  digest: Digest;
  rendered: RenderedIssue;
  /** True when the slot's issue already existed and this run continues it. */
  resumed: boolean;
}

/** Fewer new stories than `digest.minNewArticles`: no issue, and the reason in words. */
export interface NothingToSend {
  nothingToSend: string;
  /** What the feeds answered, when they were fetched (the preview shows the ones that failed). */
  feeds?: FeedResult[];
}

export interface BuiltIssue {
  digest: Digest;
  feeds: FeedResult[];
  rendered: RenderedIssue;
  /** The stories the digest does not carry, and why (for the editor's preview). */
  passedOver: PassedOver[];
  /** The newest editor override the digest was built with (cleared once the issue is stored). */
  overridesThrough: number;
  /** When an editor approved this version on the preview: it was not built afresh (see ApprovedVersion). */
  approvedAt?: string;
}

export async function prepareIssue(config: Config, db: Db, slot: string, now: Date, log: Logger): Promise<PreparedIssue | NothingToSend> {
  const existing = findIssue(db, config.newsletter.name, slot);
  if (existing) return fromStored(existing, true);
  // Stored, an issue counts its stories as sent: sent to nobody, the news would be used up unread
  // (a cron job started before the list was imported, or a list everyone left).
  if (countSubscribers(db, "active") === 0) {
    const reason = "no active subscribers, so no issue is built and its stories wait for the next one (add some with `leadline subscribers add` or `import`)";
    log.warn(`slot ${slot}: ${reason}`, { slot });
    return { nothingToSend: reason };
  }
  warnOfRename(config, db, slot, log);
  const built = await buildAndRender(config, db, now, log, { slot });
  if ("nothingToSend" in built) return built;
  if (built.approvedAt) log.info(`slot ${slot}: the issue as an editor approved it on the preview at ${built.approvedAt}`, { slot });
  const { digest, rendered } = built;
  const newsletter = config.newsletter.name;
  const { issue: stored, created } = db
    .transaction(() => {
      const result = createIssue(db, { newsletter, slot, subject: subjectLine(rendered), digest: JSON.stringify(digest), rendered: JSON.stringify(rendered), articleIds: articleIds(digest) }, now);
      // The overrides were for this issue; ones added while it was being built wait for the next.
      if (result.created) clearOverrides(db, newsletter, built.overridesThrough);
      return result;
    })
    .immediate();
  // Another process may have stored the slot between our check and our insert: use theirs.
  return created ? { stored, digest, rendered, resumed: false } : fromStored(stored, true);
}

/** The subject as a log line or status shows it: personal fields left out. */
export function subjectLine(rendered: RenderedIssue): string {
  return rendered.subject.parts.join("");
}

export interface BuildOptions {
  /** The slot the issue is dated for (default: the current one). */
  slot?: string;
  /** A compiler to reuse (build and the preview keep one for all their compiles). */
  mjml?: MjmlCompiler;
  /**
   * Record what the feeds answered (validators, last result, health); default true. A dry run
   * promises to store nothing, and its `--now` would date a feed's last success ahead of the clock.
   */
  recordFeeds?: boolean;
  /**
   * Build from the version an editor approved for the slot, when there is one (default true): what
   * goes out is what was approved. The preview builds afresh and compares.
   */
  useApproved?: boolean;
}

/** The next issue as it would be built now; no issue is stored (build, dry runs, test sends, the preview). */
export async function buildAndRender(config: Config, db: Db, now: Date, log: Logger, options: BuildOptions = {}): Promise<BuiltIssue | NothingToSend> {
  const { slot = currentSlot(config.schedule, now), mjml, recordFeeds = true, useApproved = true } = options;
  const newsletter = config.newsletter.name;
  const render = (digest: Digest) => renderIssue(digest, { ...renderOptions(config, slot, log), subscriberFields: subscriberFieldNames(db), mjml });
  const approved = useApproved ? approvedVersion(db, newsletter, slot) : undefined;
  if (approved) {
    const { digest, overridesThrough, approvedAt } = approved;
    return { digest, feeds: [], rendered: await render(digest), passedOver: [], overridesThrough, approvedAt };
  }
  const overrides = loadOverrides(db, newsletter);
  const history = { alreadySent: sentArticleIds(db, newsletter), overrides };
  const { selection, feeds } = await buildDigest(config, history, now, log, recordFeeds ? feedStateStore(db) : readOnly(feedStateStore(db)));
  if (!selection.ok) return { nothingToSend: selection.message, feeds };
  const rendered = await render(selection.digest);
  return { digest: selection.digest, feeds, rendered, passedOver: selection.passedOver, overridesThrough: overrides.through };
}

/** Every article the issue carries, the other feeds' copies of its stories included: none is offered again. */
function articleIds(digest: Digest): string[] {
  return [digest.lead, ...digest.headlines].flatMap((s) => [s, ...(s.alsoIn ?? [])]).flatMap(historyKeys);
}

function fromStored(stored: StoredIssue, resumed: boolean): PreparedIssue {
  return {
    stored,
    digest: JSON.parse(stored.digest) as Digest,
    rendered: JSON.parse(stored.rendered) as RenderedIssue,
    resumed,
  };
}

/** Conditional GETs as usual, nothing written: a 304 is still answered from the last good result. */
function readOnly(store: FeedStateStore): FeedStateStore {
  return { lastGood: (url) => store.lastGood(url), recordSuccess() {}, recordFailure() {} };
}

/**
 * The store keeps a newsletter's issues and history under newsletter.name: renamed, it starts afresh,
 * and sends the slot and the stories the old name already sent. The first issue under a name, in a
 * store that holds another's, says so (a second newsletter sharing the store hears it once).
 */
function warnOfRename(config: Config, db: Db, slot: string, log: Logger): void {
  if (latestIssueSlot(db, config.newsletter.name) !== undefined) return;
  const others = otherNewsletters(db, config.newsletter.name);
  if (others.length === 0) return;
  log.warn(
    `the first issue of "${config.newsletter.name}" in a store that holds issues of ${others.map((name) => `"${name}"`).join(", ")}: ` +
      "if newsletter.name was renamed, this issue does not know what the old name sent (the same slot and stories go out again); put the old name back to keep its history",
    { slot },
  );
}
