// Editors' decisions on a slot's issue when the schedule requires approval.
import type { Db } from "./openStore.ts";

export type Decision = "approved" | "held";

export function decideSlot(db: Db, newsletter: string, slot: string, decision: Decision, now: Date): void {
  db.prepare(
    `INSERT INTO approvals (newsletter, slot, decision, decided_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (newsletter, slot) DO UPDATE SET decision = excluded.decision, decided_at = excluded.decided_at`,
  ).run(newsletter, slot, decision, now.toISOString());
}

export function slotDecision(db: Db, newsletter: string, slot: string): Decision | undefined {
  const row = db.prepare("SELECT decision FROM approvals WHERE newsletter = ? AND slot = ?").get(newsletter, slot) as { decision: Decision } | undefined;
  return row?.decision;
}
