// `leadline status`: the schedule, the next run, the last runs with counts, and any issue in progress.
import { sendInProgress } from "../../schedule/sendLease.ts";
import { currentSlot, nextRun, slotKey, type Schedule } from "../../schedule/slot.ts";
import { issuesInProgress } from "../../store/issueProgress.ts";
import { recentRuns } from "../../store/runs.ts";
import { expandFeeds } from "../../feeds/expandFeeds.ts";
import { feedHealth } from "../../store/feedState.ts";
import { describeFeedHealth, stateOf } from "./feeds.ts";
import { loadContextConfig, SENDS_NOTHING, makeClock, withStore, type CommandContext } from "../context.ts";

export async function runStatus(context: CommandContext, options: { json?: boolean }): Promise<void> {
  const config = loadContextConfig(context, SENDS_NOTHING);
  const now = makeClock(context)();
  const sources = await expandFeeds(config);
  const report = await withStore(config, (store) => ({
    newsletter: config.newsletter.name,
    schedule: { cron: config.schedule.cron, timezone: config.schedule.timezone, requireApproval: config.schedule.requireApproval },
    currentSlot: currentSlot(config.schedule, now),
    nextRun: nextSlot(config.schedule, now),
    lastRuns: recentRuns(store.db, config.newsletter.name, 10),
    /** A send holds the lease now; a run without an outcome is still going only then (and only the newest). */
    sendInProgress: sendInProgress(store.db, config.newsletter.name),
    inProgress: issuesInProgress(store.db, config.newsletter.name),
    feeds: sources.map((source) => {
      const health = feedHealth(store.db, source.url);
      return { url: source.url, name: source.name ?? health?.title ?? source.url, state: stateOf(health), health: health ?? null };
    }),
  }));
  if (options.json) {
    context.output.out(JSON.stringify(report, null, 2));
    return;
  }
  const out = context.output.out;
  out(`${report.newsletter}: schedule "${report.schedule.cron}" (${report.schedule.timezone})${report.schedule.requireApproval ? ", approval required" : ""}`);
  out(`current slot ${report.currentSlot}; next run ${report.nextRun ?? "none"}`);
  out(report.lastRuns.length === 0 ? "no runs yet" : "last runs:");
  const newestUnfinished = report.lastRuns.find((run) => run.outcome === null);
  for (const run of report.lastRuns) {
    const counts = `sent ${run.sent}, failed ${run.failed}${run.inDoubt ? `, in doubt ${run.inDoubt}` : ""}`;
    // The message of a send already carries its counts; other outcomes say why nothing went out.
    const state = run.outcome ?? (report.sendInProgress && run === newestUnfinished ? "running" : "ended without a result (the process stopped)");
    out(`  ${run.startedAt}  slot ${run.slot}  ${state}  ${run.message ?? counts}`);
  }
  out("feeds:");
  for (const feed of report.feeds) out(`  ${describeFeedHealth(feed.name, feed.url, feed.state, feed.health ?? undefined).replace(/\n/g, "\n  ")}`);
  for (const issue of report.inProgress) {
    const d = issue.deliveries;
    out(`in progress: slot ${issue.slot} "${issue.subject}": sent ${d.sent}, deferred ${d.deferred}, failed ${d.failed}, in flight or in doubt ${d.sending}`);
  }
}

/** The next run, written like a slot (no milliseconds), so the two read alike. */
function nextSlot(schedule: Schedule, now: Date): string | null {
  const next = nextRun(schedule, now);
  return next ? slotKey(next) : null;
}
