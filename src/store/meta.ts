// Small key/value settings the store keeps for itself, such as the generated signing key.
import { randomBytes } from "node:crypto";
import type { Db } from "./openStore.ts";

/** The signing key kept in the store, made once on first use when LEADLINE_SECRET is not set. */
export function storedSecret(db: Db): string {
  db.prepare("INSERT OR IGNORE INTO meta (key, value) VALUES ('secret', ?)").run(randomBytes(32).toString("base64url"));
  return (db.prepare("SELECT value FROM meta WHERE key = 'secret'").get() as { value: string }).value;
}

/**
 * A random name for this store, made once: it goes into every Message-ID, so two newsletters on one
 * domain, or a store made afresh, never reuse one (Gmail drops a message whose Message-ID it has seen).
 */
export function storeKey(db: Db): string {
  db.prepare("INSERT OR IGNORE INTO meta (key, value) VALUES ('store_key', ?)").run(randomBytes(5).toString("hex"));
  return (db.prepare("SELECT value FROM meta WHERE key = 'store_key'").get() as { value: string }).value;
}

/** A fingerprint of the secret the last issue's links were signed with (not the secret itself). */
export function linksSecretFingerprint(db: Db): string | undefined {
  return (db.prepare("SELECT value FROM meta WHERE key = 'links_secret'").get() as { value: string } | undefined)?.value;
}

export function rememberLinksSecret(db: Db, fingerprint: string): void {
  db.prepare("INSERT INTO meta (key, value) VALUES ('links_secret', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(fingerprint);
}
