// The run this process is in the middle of, so that a shutdown whose grace runs out can say what it leaves and record it.
import type { Logger } from "../logger.ts";
import { PROCESS_HOLDER } from "../schedule/runSlot.ts";
import { sendLeaseName } from "../schedule/sendLease.ts";
import type { SendProgress } from "../send/deliverIssue.ts";
import { countDeliveries } from "../store/deliveries.ts";
import { findIssue } from "../store/issues.ts";
import { releaseLease } from "../store/leases.ts";
import type { Db } from "../store/openStore.ts";
import { finishRun } from "../store/runs.ts";
import type { Output } from "./context.ts";
import { EXIT_GRACE_OVER } from "./shutdown.ts";

export interface RunInFlightDeps {
  db: Db;
  newsletter: string;
  clock: () => Date;
  log: Logger;
  output: Output;
}

export interface RunInFlight {
  /** For SendContext.onRunStarted. */
  started(runId: number, slot: string): void;
  /** For SendContext.onProgress. */
  progress(progress: SendProgress): void;
  /**
   * For the end of the shutdown grace, just before the process leaves: says how many messages are
   * left in doubt, records the run as interrupted (with the log's run line) and lets go of the send lease.
   */
  abandon(signal: NodeJS.Signals, graceMs: number): void;
}

interface OpenRun {
  id: number;
  slot: string;
  startedAt: number;
  sent: number;
  failed: number;
}

export function trackRunInFlight(deps: RunInFlightDeps): RunInFlight {
  let run: OpenRun | undefined;
  return {
    started(id, slot) {
      run = { id, slot, startedAt: Date.now(), sent: 0, failed: 0 };
    },
    progress({ sent, failed }) {
      if (run) Object.assign(run, { sent, failed });
    },
    abandon(signal, graceMs) {
      const over = `${signal} and the ${graceMs / 1000} s grace ran out`;
      const said = run ? recordInterrupted(deps, run, over) : undefined;
      deps.output.err(`${said ?? `${over} with no send under way`}; exiting with ${EXIT_GRACE_OVER}`);
    },
  };
}

/** Records the run as interrupted, unless it has an outcome already; returns what was recorded. */
function recordInterrupted(deps: RunInFlightDeps, run: OpenRun, over: string): string | undefined {
  const { db, newsletter, clock, log } = deps;
  try {
    // Safe in a timer: store calls are synchronous, so none is half done while this runs.
    const inDoubt = countInDoubt(db, newsletter, run.slot);
    const message = `${over} with ${inDoubt} message(s) in flight or not yet recorded: they are in doubt, and the next leadline send sends them again`;
    const counts = { sent: run.sent, failed: run.failed, inDoubt };
    if (!finishRun(db, run.id, { outcome: "interrupted", message, ...counts }, clock())) return undefined;
    // No more sends from here: the next send need not wait for the lease to expire.
    releaseLease(db, sendLeaseName(newsletter), PROCESS_HOLDER);
    log.warn(`slot ${run.slot}: interrupted: ${message}`, { slot: run.slot, outcome: "interrupted", durationMs: Date.now() - run.startedAt, ...counts });
    return message;
  } catch (error) {
    return `${over}; the run's outcome could not be recorded (${(error as Error).message}): leadline status shows it as ended without a result, and the next leadline send sends the messages in doubt again`;
  }
}

/** Deliveries of the slot's issue still 'sending': exactly those the next send reports in doubt and sends again. */
function countInDoubt(db: Db, newsletter: string, slot: string): number {
  const issue = findIssue(db, newsletter, slot);
  return issue ? countDeliveries(db, issue.id).sending : 0;
}
