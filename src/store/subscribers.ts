// The subscribers table: add, remove, list, look up, change status.
import { LeadlineError } from "../errors.ts";
import { normaliseAddress } from "../subscribers/normaliseAddress.ts";
import type { Db } from "./openStore.ts";

export const SUBSCRIBER_STATUSES = ["active", "unsubscribed", "bounced", "complained"] as const;
export type SubscriberStatus = (typeof SUBSCRIBER_STATUSES)[number];

export interface Subscriber {
  id: number;
  email: string;
  name: string;
  fields: Record<string, string>;
  status: SubscriberStatus;
}

interface Row {
  id: number;
  email: string;
  name: string;
  fields: string;
  status: SubscriberStatus;
}

const fromRow = (row: Row): Subscriber => ({ ...row, fields: JSON.parse(row.fields) as Record<string, string> });

export interface NewSubscriber {
  email: string;
  name?: string;
  fields?: Record<string, string>;
  status?: SubscriberStatus;
}

/** Adds the subscriber; returns false when the address is already there. */
export function addSubscriber(db: Db, subscriber: NewSubscriber, now: Date): boolean {
  const address = requireAddress(subscriber.email);
  const result = db
    .prepare(
      `INSERT INTO subscribers (email, name, fields, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (email) DO NOTHING`,
    )
    .run(address, subscriber.name ?? "", JSON.stringify(subscriber.fields ?? {}), subscriber.status ?? "active", now.toISOString(), now.toISOString());
  return result.changes === 1;
}

export function removeSubscriber(db: Db, email: string): boolean {
  const address = requireAddress(email);
  const found = findSubscriber(db, address);
  if (!found) return false;
  db.transaction(() => {
    db.prepare("DELETE FROM deliveries WHERE subscriber_id = ?").run(found.id);
    db.prepare("DELETE FROM subscribers WHERE id = ?").run(found.id);
  })();
  return true;
}

export function setSubscriberStatus(db: Db, id: number, status: SubscriberStatus, now: Date): void {
  db.prepare("UPDATE subscribers SET status = ?, updated_at = ? WHERE id = ?").run(status, now.toISOString(), id);
}

export function findSubscriber(db: Db, email: string): Subscriber | undefined {
  const normalised = normaliseAddress(email);
  if (!normalised.ok) return undefined;
  const row = db.prepare("SELECT id, email, name, fields, status FROM subscribers WHERE email = ?").get(normalised.address) as Row | undefined;
  return row && fromRow(row);
}

export function findSubscriberById(db: Db, id: number): Subscriber | undefined {
  const row = db.prepare("SELECT id, email, name, fields, status FROM subscribers WHERE id = ?").get(id) as Row | undefined;
  return row && fromRow(row);
}

export function listSubscribers(db: Db, status?: SubscriberStatus): Subscriber[] {
  const rows = status
    ? db.prepare("SELECT id, email, name, fields, status FROM subscribers WHERE status = ? ORDER BY id").all(status)
    : db.prepare("SELECT id, email, name, fields, status FROM subscribers ORDER BY id").all();
  return (rows as Row[]).map(fromRow);
}

export function countSubscribers(db: Db, status: SubscriberStatus): number {
  return (db.prepare("SELECT COUNT(*) AS n FROM subscribers WHERE status = ?").get(status) as { n: number }).n;
}

/** Every field name any subscriber has, so templates can use them. */
export function subscriberFieldNames(db: Db): string[] {
  const rows = db.prepare("SELECT DISTINCT key FROM subscribers, json_each(subscribers.fields) ORDER BY key").all() as { key: string }[];
  return rows.map((r) => r.key);
}

function requireAddress(email: string): string {
  const normalised = normaliseAddress(email);
  if (!normalised.ok) throw new LeadlineError("EINPUT", normalised.reason);
  return normalised.address;
}
