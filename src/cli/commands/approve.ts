// `leadline approve` / `leadline hold`: an editor's decision on a slot's issue (schedule.requireApproval); a hold always counts.
import { pendingSlot } from "../../schedule/pendingSlot.ts";
import { FINISH_WITHIN_HOURS } from "../../schedule/runSlot.ts";
import { localHoursBetween, parseSlotOption } from "../../schedule/slot.ts";
import { LeadlineError } from "../../errors.ts";
import { decideSlot, slotDecision, type Decision } from "../../store/approvals.ts";
import { countDeliveries } from "../../store/deliveries.ts";
import { issuesInProgress } from "../../store/issueProgress.ts";
import { findIssue } from "../../store/issues.ts";
import type { Db } from "../../store/openStore.ts";
import { loadContextConfig, makeClock, withStore, type CommandContext } from "../context.ts";

export async function runDecision(context: CommandContext, decision: Decision, options: { slot?: string }): Promise<void> {
  const config = loadContextConfig(context);
  const now = makeClock(context)();
  const name = config.newsletter.name;
  const { slot, previous, underWay } = await withStore(config, (store) => {
    const hasIssue = (key: string) => findIssue(store.db, name, key) !== undefined;
    const named = options.slot === undefined ? undefined : parseSlotOption(options.slot, config.schedule, now, hasIssue);
    // Without --slot, an issue left under way (a send stopped part-way) comes first: an editor who
    // stops a send that went wrong and then holds means that issue, not the next one.
    const chosen = named ?? latestUnderWay(store.db, name, config.schedule.timezone, now) ?? pendingSlot(config, store.db, now);
    const issue = findIssue(store.db, name, chosen);
    if (issue?.completedAt) {
      throw new LeadlineError("EINPUT", `the issue for slot ${chosen} has gone out (finished ${issue.completedAt}): there is nothing left to ${decision === "held" ? "hold" : "approve"}`);
    }
    const previous = slotDecision(store.db, name, chosen);
    decideSlot(store.db, name, chosen, decision, now);
    return { slot: chosen, previous, underWay: issue && countDeliveries(store.db, issue.id) };
  });
  // One decision per slot: the new one replaces the other, and the editor should know it did.
  const replaced = previous === undefined || previous === decision ? "" : previous === "held" ? " (the hold on it is lifted)" : " (its approval is withdrawn)";
  context.output.out(`${decision === "approved" ? "approved" : "held"} the issue for slot ${slot}${replaced}`);
  if (underWay) {
    const sent = `${underWay.sent} subscriber(s) have it already`;
    context.output.out(decision === "held" ? `it is under way (${sent}): the rest of the list is not sent while it is held` : `it is under way (${sent}): the next \`leadline send\` sends the rest`);
  }
  if (decision === "approved" && !config.schedule.requireApproval && !underWay) {
    context.output.err("note: schedule.requireApproval is off, so sends do not wait for an approval (a hold still stops one)");
  }
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
