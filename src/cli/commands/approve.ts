// `leadline approve` / `leadline hold`: an editor's decision on a slot's issue (schedule.requireApproval); a hold always counts.
import { pendingSlot } from "../../schedule/pendingSlot.ts";
import { parseSlotOption } from "../../schedule/slot.ts";
import { decideSlot, slotDecision, type Decision } from "../../store/approvals.ts";
import { loadContextConfig, makeClock, withStore, type CommandContext } from "../context.ts";

export async function runDecision(context: CommandContext, decision: Decision, options: { slot?: string }): Promise<void> {
  const config = loadContextConfig(context);
  const now = makeClock(context)();
  const named = options.slot === undefined ? undefined : parseSlotOption(options.slot, config.schedule, now);
  const { slot, previous } = await withStore(config, (store) => {
    const chosen = named ?? pendingSlot(config, store.db, now);
    const previous = slotDecision(store.db, config.newsletter.name, chosen);
    decideSlot(store.db, config.newsletter.name, chosen, decision, now);
    return { slot: chosen, previous };
  });
  // One decision per slot: the new one replaces the other, and the editor should know it did.
  const replaced = previous === undefined || previous === decision ? "" : previous === "held" ? " (the hold on it is lifted)" : " (its approval is withdrawn)";
  context.output.out(`${decision === "approved" ? "approved" : "held"} the issue for slot ${slot}${replaced}`);
  if (decision === "approved" && !config.schedule.requireApproval) {
    context.output.err("note: schedule.requireApproval is off, so sends do not wait for an approval (a hold still stops one)");
  }
}
