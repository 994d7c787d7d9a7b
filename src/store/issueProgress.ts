// Issues not yet finished, with their journal counts: what `leadline status` calls "in progress".
import { countDeliveries, type DeliveryStatus } from "./deliveries.ts";
import type { Db } from "./openStore.ts";

export interface IssueInProgress {
  id: number;
  slot: string;
  subject: string;
  createdAt: string;
  deliveries: Record<DeliveryStatus, number>;
}

export function issuesInProgress(db: Db, newsletter: string): IssueInProgress[] {
  const rows = db
    .prepare("SELECT id, slot, subject, created_at AS createdAt FROM issues WHERE newsletter = ? AND completed_at IS NULL ORDER BY id")
    .all(newsletter) as Omit<IssueInProgress, "deliveries">[];
  return rows.map((row) => ({ ...row, deliveries: countDeliveries(db, row.id) }));
}
