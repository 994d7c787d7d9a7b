// The subscribers table: add, remove, list, look up, change status.
import { LeadlineError } from "../errors.ts";
import { addressKey, normaliseAddress } from "../subscribers/normaliseAddress.ts";
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

/** Adds the subscriber; returns false when the address is already there (in any case). */
export function addSubscriber(db: Db, subscriber: NewSubscriber, now: Date): boolean {
  const address = requireAddress(subscriber.email);
  const key = addressKey(address);
  // One statement, so an import of many thousands stays one statement a line. The id is above every
  // id used so far: the present ones, and removed ones (kept as a high-water mark by removeSubscriber).
  const result = cachedStatement(
    db,
    `INSERT INTO subscribers (id, email, email_key, name, fields, status, created_at, updated_at)
     SELECT max(coalesce((SELECT max(id) FROM subscribers), 0), coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'subscriber_id_high_water'), 0)) + 1,
            @address, @key, @name, @fields, @status, @now, @now
     WHERE NOT EXISTS (SELECT 1 FROM subscribers WHERE email_key = @key)
     ON CONFLICT (email) DO NOTHING`,
  ).run({ address, key, name: subscriber.name ?? "", fields: JSON.stringify(subscriber.fields ?? {}), status: subscriber.status ?? "active", now: now.toISOString() });
  return result.changes === 1;
}

/** Prepared once per database: compiling a statement costs more than running this one. */
const statements = new WeakMap<Db, Map<string, ReturnType<Db["prepare"]>>>();

function cachedStatement(db: Db, sql: string): ReturnType<Db["prepare"]> {
  let byText = statements.get(db);
  if (!byText) statements.set(db, (byText = new Map()));
  let statement = byText.get(sql);
  if (!statement) byText.set(sql, (statement = db.prepare(sql)));
  return statement;
}

/** Removes the subscriber and their journal (the address in any case). */
export function removeSubscriber(db: Db, email: string): boolean {
  const key = addressKey(requireAddress(email));
  return db.transaction(() => {
    const ids = (db.prepare("SELECT id FROM subscribers WHERE email_key = ?").all(key) as { id: number }[]).map((row) => row.id);
    for (const id of ids) {
      db.prepare("DELETE FROM deliveries WHERE subscriber_id = ?").run(id);
      db.prepare("DELETE FROM subscribers WHERE id = ?").run(id);
      db.prepare("UPDATE meta SET value = max(CAST(value AS INTEGER), ?) WHERE key = 'subscriber_id_high_water'").run(id);
    }
    return ids.length > 0;
  })();
}

/** Sets the status of the subscriber with this id, and of any other row an older store holds for the same address. */
export function setSubscriberStatus(db: Db, id: number, status: SubscriberStatus, now: Date): void {
  db.prepare("UPDATE subscribers SET status = ?, updated_at = ? WHERE id = ? OR email_key = (SELECT email_key FROM subscribers WHERE id = ?)").run(status, now.toISOString(), id, id);
}

export function findSubscriber(db: Db, email: string): Subscriber | undefined {
  const normalised = normaliseAddress(email);
  if (!normalised.ok) return undefined;
  const row = cachedStatement(db, "SELECT id, email, name, fields, status FROM subscribers WHERE email_key = ? ORDER BY id LIMIT 1").get(addressKey(normalised.address)) as Row | undefined;
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
