// The slot an editor's approve or hold is about, for `leadline approve`/`hold` and the preview's buttons alike.
import type { Config } from "../config/load.ts";
import { LeadlineError } from "../errors.ts";
import { issuesInProgress } from "../store/issueProgress.ts";
import { findIssue, type StoredIssue } from "../store/issues.ts";
import type { Db } from "../store/openStore.ts";
import type { Decision } from "../store/approvals.ts";
import { pendingSlot } from "./pendingSlot.ts";
import { FINISH_WITHIN_HOURS } from "./runSlot.ts";
import { localHoursBetween } from "./slot.ts";

/**
 * The slot named, else an issue left under way (a send stopped part-way: an editor who stops a send
 * that went wrong and then holds means that issue, not the next one), else `otherwise` (the slot the
 * editor was shown), else the pending slot. Refused once its issue has gone out in full.
 */
export function decisionSlot(config: Config, db: Db, now: Date, decision: Decision, choice: { named?: string; otherwise?: string } = {}): { slot: string; issue?: StoredIssue } {
  const name = config.newsletter.name;
  const slot = choice.named ?? latestUnderWay(db, name, config.schedule.timezone, now) ?? choice.otherwise ?? pendingSlot(config, db, now);
  const issue = findIssue(db, name, slot);
  if (issue?.completedAt) {
    throw new LeadlineError("EINPUT", `the issue for slot ${slot} has gone out (finished ${issue.completedAt}): there is nothing left to ${decision === "held" ? "hold" : "approve"}`);
  }
  return issue ? { slot, issue } : { slot };
}

/** The latest slot whose issue is stored but not finished, and young enough for a send to finish it on its own. */
function latestUnderWay(db: Db, newsletter: string, timezone: string, now: Date): string | undefined {
  const ageHours = (slot: string) => localHoursBetween(slot, now, timezone);
  return issuesInProgress(db, newsletter)
    .map((issue) => issue.slot)
    // Started by the real clock; a day old by the schedule's (in the hour clocks go back, the local age is below 0).
    .filter((slot) => Date.parse(slot) <= now.getTime() && ageHours(slot) < FINISH_WITHIN_HOURS)
    .sort((a, b) => Date.parse(a) - Date.parse(b))
    .at(-1);
}
