// `leadline approve` / `leadline hold`: an editor's decision on a slot's issue (schedule.requireApproval).
import { currentSlot, nextRun, parseSlotOption, slotKey } from "../../schedule/slot.ts";
import { decideSlot, type Decision } from "../../store/approvals.ts";
import { findIssue } from "../../store/issues.ts";
import { loadContextConfig, makeClock, withStore, type CommandContext } from "../context.ts";

export async function runDecision(context: CommandContext, decision: Decision, options: { slot?: string }): Promise<void> {
  const config = loadContextConfig(context);
  const now = makeClock(context)();
  const named = options.slot === undefined ? undefined : parseSlotOption(options.slot);
  const slot = await withStore(config, (store) => {
    const chosen = named ?? pendingSlot(config, store.db, now);
    decideSlot(store.db, config.newsletter.name, chosen, decision, now);
    return chosen;
  });
  context.output.out(`${decision === "approved" ? "approved" : "held"} the issue for slot ${slot}`);
}

/** The current slot while its approval window is open and it is unsent; otherwise the next slot. */
function pendingSlot(config: ReturnType<typeof loadContextConfig>, db: Parameters<typeof findIssue>[0], now: Date): string {
  const current = currentSlot(config.schedule, now);
  const windowOpen = now.getTime() - Date.parse(current) < config.schedule.approvalDeadlineMinutes * 60_000;
  if (windowOpen && !findIssue(db, config.newsletter.name, current)) return current;
  const next = nextRun(config.schedule, now);
  return next ? slotKey(next) : current;
}
