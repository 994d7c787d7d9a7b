// The slot an editor's decision or preview is about: the current one while a send can still take it and it is unsent, else the next.
import type { Config } from "../config/load.ts";
import { findIssue } from "../store/issues.ts";
import type { Db } from "../store/openStore.ts";
import { currentSlot, nextRun, slotKey } from "./slot.ts";

export function pendingSlot(config: Config, db: Db, now: Date): string {
  const current = currentSlot(config.schedule, now);
  const open = now.getTime() - Date.parse(current) < sendableMinutes(config.schedule) * 60_000;
  if (open && !findIssue(db, config.newsletter.name, current)) return current;
  const next = nextRun(config.schedule, now);
  return next ? slotKey(next) : current;
}

/**
 * How long after its time a slot can still be sent, as runSlot.ts's gate decides: within the grace
 * period, and with approvals that skip at their deadline, no later than that deadline either.
 */
function sendableMinutes(schedule: Config["schedule"]): number {
  const skipsAtDeadline = schedule.requireApproval && schedule.onDeadline === "skip";
  return skipsAtDeadline ? Math.min(schedule.approvalDeadlineMinutes, schedule.graceMinutes) : schedule.graceMinutes;
}
