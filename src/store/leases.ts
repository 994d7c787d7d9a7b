// Leases: one process at a time holds a name (e.g. "send:The Daily Brief") until it releases it or it expires.
import type { Db } from "./openStore.ts";

export interface LeaseHolder {
  holder: string;
  expiresAt: string;
}

/**
 * Takes the lease when it is free, expired, already ours, or held by a holder `isDead` knows has
 * died; otherwise returns who holds it.
 */
export function acquireLease(
  db: Db,
  name: string,
  holder: string,
  ttlMs: number,
  now: Date,
  isDead: (holder: string) => boolean = () => false,
): { ok: true } | { ok: false; current: LeaseHolder } {
  return db
    .transaction(() => {
      const current = db.prepare("SELECT holder, expires_at AS expiresAt FROM leases WHERE name = ?").get(name) as LeaseHolder | undefined;
      const live = current && current.holder !== holder && current.expiresAt > now.toISOString() && !isDead(current.holder);
      if (live) return { ok: false as const, current };
      const expiresAt = new Date(now.getTime() + ttlMs).toISOString();
      db.prepare("INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at").run(
        name,
        holder,
        expiresAt,
      );
      return { ok: true as const };
    })
    .immediate();
}

/** Who holds the lease now, if anyone (it may have expired, or its holder died). */
export function currentLease(db: Db, name: string): LeaseHolder | undefined {
  return db.prepare("SELECT holder, expires_at AS expiresAt FROM leases WHERE name = ?").get(name) as LeaseHolder | undefined;
}

/** Extends our lease; false when it is no longer ours (it expired and someone else took it). */
export function renewLease(db: Db, name: string, holder: string, ttlMs: number, now: Date): boolean {
  const expiresAt = new Date(now.getTime() + ttlMs).toISOString();
  return db.prepare("UPDATE leases SET expires_at = ? WHERE name = ? AND holder = ?").run(expiresAt, name, holder).changes === 1;
}

export function releaseLease(db: Db, name: string, holder: string): void {
  db.prepare("DELETE FROM leases WHERE name = ? AND holder = ?").run(name, holder);
}
