// One run of one schedule slot, as cron's `leadline send` or the daemon does it: grace, approval, lease, send, log.
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { sendNewsletter, type SendContext, type SendSummary } from "../issue/sendNewsletter.ts";
import { slotDecision } from "../store/approvals.ts";
import { countPending } from "../store/deliveries.ts";
import { findIssue, latestIssueSlot } from "../store/issues.ts";
import { issuesInProgress } from "../store/issueProgress.ts";
import { acquireLease, releaseLease, renewLease, type LeaseHolder } from "../store/leases.ts";
import { isDeadLocalProcess, sendLeaseName } from "./sendLease.ts";
import { localHoursBetween } from "./slot.ts";
import { finishRun, slotFoundNothingNew, startRun, type RunOutcome } from "../store/runs.ts";

export interface SlotRun {
  outcome: RunOutcome;
  message: string;
  summary?: SendSummary;
  /** Unfinished issues of earlier slots this run finished first (see finishEarlierIssues). */
  earlier?: { slot: string; run: SlotRun }[];
}

export interface SlotRunOptions {
  /** The operator named the slot (`--slot`): send it however late it is. */
  explicit: boolean;
  signal?: AbortSignal;
  /** How often to look again while another process holds the lease. */
  lockPollMs?: number;
}

/** Identifies this process in leases, so an operator can tell who holds one. */
export const PROCESS_HOLDER = `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;

export async function runSlot(context: SendContext, slot: string, options: SlotRunOptions): Promise<SlotRun> {
  const earlier = options.explicit ? [] : await finishEarlierIssues(context, slot, options);
  const { db, config, clock, log } = context;
  const newsletter = config.newsletter.name;
  const runId = startRun(db, newsletter, slot, clock());
  context.onRunStarted?.(runId, slot);
  const started = Date.now();
  let result: SlotRun;
  try {
    result = (await gate(context, slot, options)) ?? (await sendUnderLease(context, slot, options));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    finishRun(db, runId, { outcome: "error", message }, clock());
    // The run line a log watcher alerts on, as for every other outcome (the caller reports the error itself too).
    log.warn(`slot ${slot}: error: ${message}`, { slot, outcome: "error", durationMs: Date.now() - started });
    if (error instanceof Error) loggedErrors.add(error);
    throw error;
  }
  if (earlier.length > 0) result.earlier = earlier;
  const counts = result.summary ? { sent: result.summary.sent, failed: result.summary.failed, inDoubt: result.summary.inDoubt } : {};
  finishRun(db, runId, { outcome: result.outcome, message: result.message, ...counts }, clock());
  const line = `slot ${slot}: ${result.outcome}: ${result.message}`;
  const fields = { slot, outcome: result.outcome, durationMs: Date.now() - started, ...counts };
  // What an operator should look at is a warning, so alerting on warn and above sees it.
  if (NEEDS_ATTENTION.has(result.outcome)) log.warn(line, fields);
  else log.info(line, fields);
  return result;
}

/**
 * A slot that is not run at all (the daemon's run of an earlier slot outlasted it): recorded and
 * logged as missed like one past its grace, so status and a log watcher see it.
 */
export function recordMissedSlot(context: SendContext, slot: string, message: string): void {
  const { db, config, clock, log } = context;
  finishRun(db, startRun(db, config.newsletter.name, slot, clock()), { outcome: "missed", message }, clock());
  log.warn(`slot ${slot}: missed: ${message}`, { slot, outcome: "missed", durationMs: 0 });
}

const NEEDS_ATTENTION = new Set<RunOutcome>(["missed", "error", "partly-failed", "busy", "interrupted"]);

/**
 * An unfinished issue younger than this is finished by the next scheduled run, before that run's own
 * slot; an older one is news no longer and is reported instead of sent (`send --slot` still finishes it).
 * A day on the schedule's clock, so that a daily newsletter killed mid-send is not sent beside the next
 * day's issue, on the mornings clocks change too.
 */
export const FINISH_WITHIN_HOURS = 24;

/**
 * An issue a run left unfinished (killed, interrupted, recipients deferred) would otherwise wait for
 * an operator who never hears of it: the next scheduled run is for another slot. So that run
 * finishes it first, or says loudly why not.
 */
async function finishEarlierIssues(context: SendContext, slot: string, options: SlotRunOptions): Promise<{ slot: string; run: SlotRun }[]> {
  const { db, config, clock, log } = context;
  const finished: { slot: string; run: SlotRun }[] = [];
  for (const issue of issuesInProgress(db, config.newsletter.name)) {
    if (options.signal?.aborted) break;
    if (Date.parse(issue.slot) >= Date.parse(slot)) continue;
    const { pending, inDoubt } = countPending(db, issue.id);
    if (pending === 0) continue;
    const left = `${pending} subscriber(s) not yet sent${inDoubt ? `, ${inDoubt} of them in doubt` : ""}`;
    if (localHoursBetween(issue.slot, clock(), config.schedule.timezone) >= FINISH_WITHIN_HOURS) {
      log.warn(
        `the issue for slot ${issue.slot} ("${issue.subject}") was left unfinished with ${left}; it is more than ${FINISH_WITHIN_HOURS} h old, so it is not sent automatically: \`leadline send --slot ${issue.slot}\` finishes it`,
        { slot: issue.slot, pending, inDoubt },
      );
      continue;
    }
    log.warn(`the issue for slot ${issue.slot} was left unfinished with ${left}: finishing it before slot ${slot}`, { slot: issue.slot, pending, inDoubt });
    finished.push({ slot: issue.slot, run: await runSlot(context, issue.slot, { ...options, explicit: true }) });
  }
  return finished;
}

/** Errors runSlot has logged as a run line already, so that a caller does not log them twice. */
export const loggedErrors = new WeakSet<Error>();

/** Reasons not to send this slot now: too late to start it, held by an editor, or waiting for one. */
export async function gate(context: SendContext, slot: string, options: SlotRunOptions): Promise<SlotRun | undefined> {
  const { db, config, clock } = context;
  const existing = findIssue(db, config.newsletter.name, slot);
  if (existing) {
    // An issue already under way is finished however late, so nothing is lost; only an editor's hold
    // (after stopping a send that went wrong, say) keeps the rest of the list from getting it.
    if (existing.completedAt === null && slotDecision(db, config.newsletter.name, slot) === "held") {
      return { outcome: "held", message: `an editor held the issue for slot ${slot}, under way: the rest of the list is not sent (\`leadline approve\` lifts the hold)` };
    }
    return undefined;
  }
  // A slot before one whose issue exists happens only when schedule.cron or timezone changed since:
  // sending it would be a second issue the same day (or an older one after a newer).
  const latest = options.explicit ? undefined : latestIssueSlot(db, config.newsletter.name);
  if (latest !== undefined && Date.parse(latest) > Date.parse(slot)) {
    return {
      outcome: "missed",
      message: `slot ${slot} comes before slot ${latest}, whose issue is already built (schedule.cron or schedule.timezone changed?); skipped (send it anyway with --slot ${slot})`,
    };
  }
  const lateMinutes = (clock().getTime() - Date.parse(slot)) / 60_000;
  const schedule = config.schedule;
  if (!options.explicit && lateMinutes > schedule.graceMinutes) {
    // Run in time and found with nothing new, the slot was not missed: a later call must not page anyone.
    if (slotFoundNothingNew(db, config.newsletter.name, slot)) {
      return { outcome: "nothing-new", message: `slot ${slot} had nothing new to send when it was run in time; nothing to send` };
    }
    return {
      outcome: "missed",
      message: `slot ${slot} is ${Math.round(lateMinutes)} min old, past the ${schedule.graceMinutes}-min grace period; skipped (send it anyway with --slot ${slot})`,
    };
  }
  const decision = slotDecision(db, config.newsletter.name, slot);
  // A hold counts even when approvals are not required: an editor who says "not this one" means it.
  if (decision === "held") return { outcome: "held", message: `an editor held the issue for slot ${slot}, so it is not sent (\`leadline approve\` lifts the hold)` };
  if (!schedule.requireApproval || decision === "approved") return undefined;
  if (lateMinutes < schedule.approvalDeadlineMinutes) {
    const deadline = new Date(Date.parse(slot) + schedule.approvalDeadlineMinutes * 60_000).toISOString();
    return { outcome: "awaiting-approval", message: `the issue for slot ${slot} waits for \`leadline approve\` until ${deadline}` };
  }
  if (schedule.onDeadline === "send") return undefined;
  return { outcome: "held", message: `the issue for slot ${slot} was not approved by its deadline; skipped (schedule.onDeadline: skip)` };
}

async function sendUnderLease(context: SendContext, slot: string, options: SlotRunOptions): Promise<SlotRun> {
  const { db, config } = context;
  const name = sendLeaseName(config.newsletter.name);
  const ttlMs = config.schedule.leaseSeconds * 1000;
  const waitUntil = Date.now() + config.schedule.lockWaitSeconds * 1000;
  // Leases run on the wall clock, never the injected one: a `--now` in the past must not write an
  // expiry that is already over and let a second sender in.
  for (;;) {
    const attempt = acquireLease(db, name, PROCESS_HOLDER, ttlMs, new Date(), isDeadLocalProcess);
    if (attempt.ok) break;
    if (options.signal?.aborted) return { outcome: "interrupted", message: "stopped while waiting for the send lease; nothing sent" };
    if (Date.now() >= waitUntil) return busy(attempt.current, config.schedule.lockWaitSeconds);
    await sleep(options.lockPollMs ?? 500, undefined, { signal: options.signal }).catch(() => undefined);
  }
  // Renew well before expiry; a process that dies stops renewing and its lease lapses. If the
  // lease is lost anyway (a long stall), stop sending rather than race the new holder.
  const lost = new AbortController();
  const renewal = setInterval(() => {
    let renewed = false;
    try {
      renewed = renewLease(db, name, PROCESS_HOLDER, ttlMs, new Date());
    } catch (error) {
      context.log.warn(`could not renew the send lease: ${(error as Error).message}`);
    }
    if (!renewed) lost.abort();
  }, ttlMs / 3);
  renewal.unref();
  const signal = options.signal ? AbortSignal.any([options.signal, lost.signal]) : lost.signal;
  try {
    const summary = await sendNewsletter({ ...context, signal }, slot);
    if ("nothingToSend" in summary) return { outcome: "nothing-new", message: `slot ${slot}: ${summary.nothingToSend}` };
    if (lost.signal.aborted) context.log.warn("lost the send lease: stopped; the next run finishes the issue");
    return { outcome: outcomeOf(summary), message: describe(summary), summary };
  } finally {
    clearInterval(renewal);
    releaseLease(db, name, PROCESS_HOLDER);
  }
}

function busy(current: LeaseHolder, waitedSeconds: number): SlotRun {
  return {
    outcome: "busy",
    message: `another leadline send (${current.holder}) holds the send lease until ${current.expiresAt}; gave up after waiting ${waitedSeconds} s`,
  };
}

function outcomeOf(summary: SendSummary): RunOutcome {
  if (summary.stoppedBy !== undefined) return "error";
  if (summary.interrupted) return "interrupted";
  return summary.failed > 0 ? "partly-failed" : "sent";
}

function describe(summary: SendSummary): string {
  const base = `sent ${summary.sent}, failed ${summary.failed}, skipped ${summary.skipped}`;
  if (summary.stoppedBy !== undefined) return `${base}; stopped: ${summary.stoppedBy}`;
  return summary.interrupted ? `${base}; interrupted with ${summary.remaining} not yet sent (run again to finish)` : base;
}
