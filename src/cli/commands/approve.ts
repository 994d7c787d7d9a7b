// `leadline approve` / `leadline hold`: an editor's decision on a slot's issue (schedule.requireApproval); a hold always counts.
import { decisionSlot } from "../../schedule/decisionSlot.ts";
import { parseSlotOption } from "../../schedule/slot.ts";
import { decideSlot, slotDecision, type Decision } from "../../store/approvals.ts";
import { countDeliveries } from "../../store/deliveries.ts";
import { findIssue } from "../../store/issues.ts";
import { loadContextConfig, SENDS_NOTHING, makeClock, withStore, type CommandContext } from "../context.ts";

export async function runDecision(context: CommandContext, decision: Decision, options: { slot?: string }): Promise<void> {
  const config = loadContextConfig(context, SENDS_NOTHING);
  const now = makeClock(context)();
  const name = config.newsletter.name;
  const { slot, previous, underWay } = await withStore(config, (store) => {
    const hasIssue = (key: string) => findIssue(store.db, name, key) !== undefined;
    const named = options.slot === undefined ? undefined : parseSlotOption(options.slot, config.schedule, now, hasIssue);
    const { slot, issue } = decisionSlot(config, store.db, now, decision, named === undefined ? {} : { named });
    const previous = slotDecision(store.db, name, slot);
    decideSlot(store.db, name, slot, decision, now);
    return { slot, previous, underWay: issue && countDeliveries(store.db, issue.id) };
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
