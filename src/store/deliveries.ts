// The delivery journal: 'sending' is written before the SMTP transaction, the outcome after it.
import type { Db } from "./openStore.ts";
import type { Subscriber } from "./subscribers.ts";

export type DeliveryStatus = "sending" | "sent" | "deferred" | "failed";

export interface Recipient extends Subscriber {
  /** The journal's status before this run; null when never tried. */
  previous: DeliveryStatus | null;
}

// Subscribers who joined after the issue was built (higher ids) start with the next issue.
const PENDING = `FROM subscribers s
  JOIN issues i ON i.id = ?
  LEFT JOIN deliveries d ON d.subscriber_id = s.id AND d.issue_id = i.id
  WHERE s.status = 'active' AND (d.status IS NULL OR d.status IN ('sending', 'deferred')) AND s.id <= i.last_subscriber_id`;

/**
 * Active subscribers this issue has not been delivered to: never tried, deferred, or in doubt
 * ('sending' left by a run that died mid-transaction). Sent and permanently failed ones are left
 * out, and so are those who subscribed after the issue was built.
 */
export function pendingRecipients(db: Db, issueId: number): Recipient[] {
  return pendingRecipientsAfter(db, issueId, 0, -1);
}

/** The next `limit` pending recipients with an id above `afterId` (keyset paging, so a large list is never all in memory). */
export function pendingRecipientsAfter(db: Db, issueId: number, afterId: number, limit: number): Recipient[] {
  const rows = db
    .prepare(`SELECT s.id, s.email, s.name, s.fields, s.status, d.status AS previous ${PENDING} AND s.id > ? ORDER BY s.id LIMIT ?`)
    .all(issueId, afterId, limit) as (Omit<Recipient, "fields"> & { fields: string })[];
  return rows.map((r) => ({ ...r, fields: JSON.parse(r.fields) as Record<string, string> }));
}

/** How many recipients are pending, and how many of them a dead run left in doubt. */
export function countPending(db: Db, issueId: number): { pending: number; inDoubt: number } {
  const row = db.prepare(`SELECT COUNT(*) AS pending, COUNT(d.status = 'sending' OR NULL) AS inDoubt ${PENDING}`).get(issueId) as {
    pending: number;
    inDoubt: number;
  };
  return row;
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

/** The journal of one issue's run, its statements prepared once: a send writes here for every message. */
export interface DeliveryJournal {
  /**
   * Marks the delivery 'sending' before its SMTP transaction, in one transaction with every outcome
   * queued so far: a crash after it leaves the delivery in doubt, never unknown. False, and nothing
   * marked, when the subscriber is no longer active (someone who unsubscribes during a long send gets
   * no more).
   */
  sending(subscriberId: number, now: Date): boolean;
  /** Queued; committed with the next 'sending' mark or flush. */
  outcome(subscriberId: number, status: Exclude<DeliveryStatus, "sending">, response: string, now: Date): void;
  /**
   * Commits every queued outcome in one transaction. An outcome not yet committed when the process
   * dies leaves its row 'sending' (in doubt), never wrong.
   */
  flush(): void;
}

export function deliveryJournal(db: Db, issueId: number): DeliveryJournal {
  // Checked and marked in one statement: a transaction costs more than its rows (file locks, a WAL
  // frame), and this is one per message.
  const sending = db.prepare(
    `INSERT INTO deliveries (issue_id, subscriber_id, status, attempts, updated_at)
       SELECT ?, id, 'sending', 1, ? FROM subscribers WHERE id = ? AND status = 'active'
     ON CONFLICT (issue_id, subscriber_id) DO UPDATE SET status = 'sending', attempts = attempts + 1, updated_at = excluded.updated_at`,
  );
  const update = db.prepare("UPDATE deliveries SET status = ?, response = ?, updated_at = ? WHERE issue_id = ? AND subscriber_id = ?");
  type Row = [string, string, string, number, number];
  let queued: Row[] = [];
  const write = (rows: Row[]) => {
    for (const row of rows) update.run(...row);
  };
  const flush = db.transaction(write);
  const mark = db.transaction((rows: Row[], subscriberId: number, now: Date) => {
    write(rows);
    return sending.run(issueId, now.toISOString(), subscriberId).changes > 0;
  });
  return {
    sending(subscriberId, now) {
      // The queue is emptied once its rows are committed: a transaction that fails keeps them.
      const marked = mark(queued, subscriberId, now);
      queued = [];
      return marked;
    },
    outcome(subscriberId, status, response, now) {
      queued.push([status, response, now.toISOString(), issueId, subscriberId]);
    },
    flush() {
      if (queued.length === 0) return;
      flush(queued);
      queued = [];
    },
  };
}
