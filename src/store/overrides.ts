// Editor overrides for the next issue (pin, drop, note, headline order, subject): kept until an issue is stored, then cleared.
import type { EditorOverrides, HeadlinePlacement } from "../digest/editorOverrides.ts";
import type { Db } from "./openStore.ts";

export type ArticleOverride = "pin" | "drop";

/** Overrides of which there is at most one: the intro note, the headline order (JSON: `[{article, at}]`), the subject. */
type TextOverride = "note" | "order" | "subject";

export interface StoredOverrides extends EditorOverrides {
  /** The newest override's id: storing an issue clears up to here, not ones added while it was built. */
  through: number;
}

interface Row {
  id: number;
  kind: ArticleOverride | TextOverride;
  target: string;
}

/** Pins or drops an article for the next issue; replaces an earlier pin or drop of the same article. */
export function setArticleOverride(db: Db, newsletter: string, article: string, kind: ArticleOverride, now: Date): void {
  db.transaction(() => {
    removeArticleOverride(db, newsletter, article);
    db.prepare("INSERT INTO overrides (newsletter, kind, target, created_at) VALUES (?, ?, ?, ?)").run(newsletter, kind, article, now.toISOString());
  }).immediate();
}

/** Removes a pin or drop; returns which one there was, if any. */
export function removeArticleOverride(db: Db, newsletter: string, article: string): ArticleOverride | undefined {
  const row = db
    .prepare("DELETE FROM overrides WHERE newsletter = ? AND kind IN ('pin', 'drop') AND target = ? RETURNING kind")
    .get(newsletter, article) as { kind: ArticleOverride } | undefined;
  return row?.kind;
}

/** Sets the intro note of the next issue; `undefined` clears it. */
export function setNote(db: Db, newsletter: string, note: string | undefined, now: Date): void {
  setTextOverride(db, newsletter, "note", note, now);
}

/** Sets the subject of the next issue, word for word; `undefined` goes back to `newsletter.subject`. */
export function setSubject(db: Db, newsletter: string, subject: string | undefined, now: Date): void {
  setTextOverride(db, newsletter, "subject", subject, now);
}

/** Sets the places of the headlines an editor moved; `undefined` (or none) goes back to the ranking. */
export function setHeadlineOrder(db: Db, newsletter: string, order: readonly HeadlinePlacement[] | undefined, now: Date): void {
  setTextOverride(db, newsletter, "order", order?.length ? JSON.stringify(order) : undefined, now);
}

function setTextOverride(db: Db, newsletter: string, kind: TextOverride, value: string | undefined, now: Date): void {
  db.transaction(() => {
    db.prepare("DELETE FROM overrides WHERE newsletter = ? AND kind = ?").run(newsletter, kind);
    if (value !== undefined) {
      db.prepare("INSERT INTO overrides (newsletter, kind, target, created_at) VALUES (?, ?, ?, ?)").run(newsletter, kind, value, now.toISOString());
    }
  }).immediate();
}

export function loadOverrides(db: Db, newsletter: string): StoredOverrides {
  const rows = db.prepare("SELECT id, kind, target FROM overrides WHERE newsletter = ? ORDER BY id DESC").all(newsletter) as Row[];
  const text = (kind: TextOverride) => rows.find((r) => r.kind === kind)?.target;
  const [note, order, subject] = [text("note"), text("order"), text("subject")];
  return {
    pins: rows.filter((r) => r.kind === "pin").map((r) => r.target),
    drops: rows.filter((r) => r.kind === "drop").map((r) => r.target),
    ...(note === undefined ? {} : { note }),
    ...(order === undefined ? {} : { order: parseOrder(order) }),
    ...(subject === undefined ? {} : { subject }),
    through: rows[0]?.id ?? 0,
  };
}

/** An order stored before placements was every headline's article id, first to last: each at its place. */
function parseOrder(stored: string): HeadlinePlacement[] {
  const order = JSON.parse(stored) as (HeadlinePlacement | string)[];
  return order.map((entry, at) => (typeof entry === "string" ? { article: entry, at } : entry));
}

/** Clears the overrides an issue was built with (ids up to `through`). */
export function clearOverrides(db: Db, newsletter: string, through: number): void {
  db.prepare("DELETE FROM overrides WHERE newsletter = ? AND id <= ?").run(newsletter, through);
}
