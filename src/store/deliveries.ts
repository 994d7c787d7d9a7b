// The delivery journal: 'sending' is written before the SMTP transaction, the outcome after it.
import type { Db } from "./openStore.ts";
import type { Subscriber } from "./subscribers.ts";

export type DeliveryStatus = "sending" | "sent" | "deferred" | "failed";

export interface Recipient extends Subscriber {
  /** The journal's status before this run; null when never tried. */
  previous: DeliveryStatus | null;
}

/**
 * Active subscribers this issue has not been delivered to: never tried, deferred, or in doubt
 * ('sending' left by a run that died mid-transaction). Sent and permanently failed ones are left
 * out, and so are those who subscribed after the issue was built: their first issue is the next.
 */
export function pendingRecipients(db: Db, issueId: number): Recipient[] {
  const rows = db
    .prepare(
      `SELECT s.id, s.email, s.name, s.fields, s.status, d.status AS previous
       FROM subscribers s
       JOIN issues i ON i.id = ?
       LEFT JOIN deliveries d ON d.subscriber_id = s.id AND d.issue_id = i.id
       WHERE s.status = 'active' AND (d.status IS NULL OR d.status IN ('sending', 'deferred'))
         AND s.id <= i.last_subscriber_id
       ORDER BY s.id`,
    )
    .all(issueId) as (Omit<Recipient, "fields"> & { fields: string })[];
  return rows.map((r) => ({ ...r, fields: JSON.parse(r.fields) as Record<string, string> }));
}

export function countDeliveries(db: Db, issueId: number): Record<DeliveryStatus, number> {
  const counts: Record<DeliveryStatus, number> = { sending: 0, sent: 0, deferred: 0, failed: 0 };
  const rows = db.prepare("SELECT status, COUNT(*) AS n FROM deliveries WHERE issue_id = ? GROUP BY status").all(issueId) as {
    status: DeliveryStatus;
    n: number;
  }[];
  for (const row of rows) counts[row.status] = row.n;
  return counts;
}

export function journalSending(db: Db, issueId: number, subscriberId: number, now: Date): void {
  db.prepare(
    `INSERT INTO deliveries (issue_id, subscriber_id, status, attempts, updated_at) VALUES (?, ?, 'sending', 1, ?)
     ON CONFLICT (issue_id, subscriber_id) DO UPDATE SET status = 'sending', attempts = attempts + 1, updated_at = excluded.updated_at`,
  ).run(issueId, subscriberId, now.toISOString());
}

export function journalOutcome(
  db: Db,
  issueId: number,
  subscriberId: number,
  status: Exclude<DeliveryStatus, "sending">,
  response: string,
  now: Date,
): void {
  db.prepare("UPDATE deliveries SET status = ?, response = ?, updated_at = ? WHERE issue_id = ? AND subscriber_id = ?").run(
    status,
    response,
    now.toISOString(),
    issueId,
    subscriberId,
  );
}

/** Whether the subscriber is still active: someone who unsubscribes during a long send gets no more. */
export function isStillActive(db: Db, subscriberId: number): boolean {
  return db.prepare("SELECT 1 FROM subscribers WHERE id = ? AND status = 'active'").get(subscriberId) !== undefined;
}
