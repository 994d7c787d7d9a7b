// The slot an editor's decision is about: the current one while it can still be approved and is unsent, else the next.
import type { Config } from "../config/load.ts";
import { findIssue } from "../store/issues.ts";
import type { Db } from "../store/openStore.ts";
import { currentSlot, nextRun, slotKey } from "./slot.ts";

export function pendingSlot(config: Config, db: Db, now: Date): string {
  const current = currentSlot(config.schedule, now);
  const windowOpen = now.getTime() - Date.parse(current) < config.schedule.approvalDeadlineMinutes * 60_000;
  if (windowOpen && !findIssue(db, config.newsletter.name, current)) return current;
  const next = nextRun(config.schedule, now);
  return next ? slotKey(next) : current;
}
