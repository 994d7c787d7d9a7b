// The SQLite store: one database file, migrated on open, closed explicitly.
import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { LeadlineError } from "../errors.ts";
import { MIGRATIONS } from "./migrations.ts";
import { addressKey } from "../subscribers/normaliseAddress.ts";

export type Db = Database.Database;

export interface Store {
  db: Db;
  file: string;
  close(): void;
}

/** `setting` names where the file came from in an error (`leadline.config.yaml: store`). */
export function openStore(file: string, setting?: string): Store {
  let db: Db | undefined;
  try {
    if (file !== ":memory:") mkdirSync(path.dirname(file), { recursive: true });
    db = new Database(file);
    configure(db);
    migrate(db);
  } catch (error) {
    db?.close();
    if (error instanceof LeadlineError) throw error;
    // SQLite opens lazily: a read-only, foreign or damaged file fails at the first pragma, not at open.
    throw new LeadlineError("ESTORE", `${setting ? `${setting}: ` : ""}cannot open the store ${file}: ${(error as Error).message}`);
  }
  const opened = db;
  return { db: opened, file, close: () => opened.close() };
}

function configure(db: Db): void {
  // WAL lets a reader (status, preview) look while a send writes; busy_timeout rides out short locks.
  db.pragma("journal_mode = WAL");
  // In WAL, NORMAL makes a commit durable when Leadline dies (no fsync per commit: 0.04 ms instead of
  // 0.28 ms here, and a send commits once per message). A power cut may roll back the last commits;
  // for the delivery journal that means a message sent again, never one lost.
  db.pragma("synchronous = NORMAL");
  db.pragma("busy_timeout = 5000");
  db.pragma("foreign_keys = ON");
  // For a migration's SQL: SQLite cannot lower-case letters outside ASCII by itself.
  db.function("leadline_address_key", { deterministic: true }, (email: unknown) => addressKey(String(email)));
}

function migrate(db: Db): void {
  const version = () => db.pragma("user_version", { simple: true }) as number;
  if (version() > MIGRATIONS.length) {
    throw new LeadlineError("ESTORE", `the store was written by a newer Leadline (schema ${version()}); upgrade Leadline`);
  }
  // The version is read again inside each write transaction: two processes opening an older store
  // together (a cron send, a daemon restarting) must not both run the same migration.
  const step = db.transaction(() => {
    const current = version();
    if (current >= MIGRATIONS.length) return false;
    db.exec(MIGRATIONS[current]!);
    db.pragma(`user_version = ${current + 1}`);
    return true;
  });
  while (step.immediate());
}
