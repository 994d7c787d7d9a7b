// The long-lived scheduler: fires runSlot at each cron slot, catches up one missed slot, stops gracefully.
import { EventEmitter } from "node:events";
import type { SendContext } from "../issue/sendNewsletter.ts";
import { cronJob, currentSlot, nextRun } from "./slot.ts";
import { loggedErrors, recordMissedSlot, runSlot, type SlotRun } from "./runSlot.ts";
import { findIssue } from "../store/issues.ts";

export interface DaemonOptions {
  /** How often a slot waiting for approval is looked at again. */
  approvalPollMs?: number;
}

export interface DaemonState {
  lastRun?: { slot: string; outcome: string; message: string; at: string };
  nextRun: string | null;
  running: boolean;
}

export interface Daemon {
  /** Emits "run" (slot, SlotRun) after every run and "error" (slot, Error) when one fails. */
  events: EventEmitter;
  state(): DaemonState;
  /** Stops taking new work, lets the current send finish its messages in flight, then resolves. */
  stop(): Promise<void>;
}

export function startDaemon(context: SendContext, options: DaemonOptions = {}): Daemon {
  const { config, clock } = context;
  const events = new EventEmitter();
  const controller = new AbortController();
  let current: Promise<void> | undefined;
  let currentRunSlot = "";
  let lastRun: DaemonState["lastRun"];
  let approvalTimer: NodeJS.Timeout | undefined;

  let pending = false;
  /** Slots cron fired while a run was going: the latest is run when it ends, the others are reported missed. */
  const firedDuringRun = new Set<string>();
  const trigger = () => {
    if (controller.signal.aborted) return;
    // One run at a time (the lease guards other processes); a firing during a run is not dropped: the
    // latest slot runs when this one ends, if its grace period leaves it worth sending, and any slot it
    // overtook is reported missed (reportOvertaken).
    if (current) {
      pending = true;
      return;
    }
    const slot = currentSlot(config.schedule, clock());
    currentRunSlot = slot;
    current = runSlot(context, slot, { explicit: false, signal: controller.signal })
      .then((run) => {
        lastRun = { slot, outcome: run.outcome, message: run.message, at: clock().toISOString() };
        if (run.outcome === "awaiting-approval") scheduleApprovalCheck();
        events.emit("run", slot, run);
      })
      .catch((error: Error) => {
        lastRun = { slot, outcome: "error", message: error.message, at: clock().toISOString() };
        if (!loggedErrors.has(error)) context.log.warn(`slot ${slot}: ${error.message}`, { slot, outcome: "error" });
        events.emit("error", slot, error);
      })
      .finally(() => {
        current = undefined;
        reportOvertaken(slot);
        if (pending) {
          pending = false;
          trigger();
        }
      });
  };

  const fired = () => {
    if (current && !controller.signal.aborted) {
      const slot = currentSlot(config.schedule, clock());
      firedDuringRun.add(slot);
      context.log.info(`slot ${slot}: the run of slot ${currentRunSlot} is still going; the latest slot runs when it ends`, { slot });
    }
    trigger();
  };

  /** Slots that fired during the run of `ran` and that the next run, of the latest slot, leaves behind. */
  const reportOvertaken = (ran: string) => {
    const latest = currentSlot(config.schedule, clock());
    for (const slot of firedDuringRun) {
      if (slot === ran || slot === latest || findIssue(context.db, config.newsletter.name, slot)) continue;
      const message = `the run of slot ${ran} was still going at its time, and slot ${latest} had come by its end; skipped (send it anyway with --slot ${slot})`;
      try {
        recordMissedSlot(context, slot, message);
      } catch (error) {
        context.log.warn(`slot ${slot}: missed: ${message} (not recorded: ${(error as Error).message})`, { slot, outcome: "missed" });
      }
    }
    firedDuringRun.clear();
  };

  const scheduleApprovalCheck = () => {
    clearTimeout(approvalTimer);
    approvalTimer = setTimeout(trigger, options.approvalPollMs ?? 15_000);
  };

  const job = cronJob(config.schedule, { protect: true }, fired);
  // At start, the latest slot once: sent if it is unsent and inside the grace period, else logged as missed.
  trigger();

  return {
    events,
    state: () => ({
      ...(lastRun ? { lastRun } : {}),
      nextRun: nextRun(config.schedule, clock())?.toISOString() ?? null,
      running: current !== undefined,
    }),
    async stop() {
      job.stop();
      clearTimeout(approvalTimer);
      controller.abort();
      await current;
    },
  };
}

export type { SlotRun };
