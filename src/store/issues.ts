// Issues and their delivery journal: an issue is stored once per slot, and each delivery is journalled.
import type { Db } from "./openStore.ts";

export interface StoredIssue {
  id: number;
  newsletter: string;
  slot: string;
  subject: string;
  digest: string;
  rendered: string;
  completedAt: string | null;
}

export interface NewIssue {
  newsletter: string;
  slot: string;
  subject: string;
  digest: string;
  rendered: string;
  articleIds: readonly string[];
}

export function findIssue(db: Db, newsletter: string, slot: string): StoredIssue | undefined {
  return db
    .prepare(
      `SELECT id, newsletter, slot, subject, digest, rendered, completed_at AS completedAt
       FROM issues WHERE newsletter = ? AND slot = ?`,
    )
    .get(newsletter, slot) as StoredIssue | undefined;
}

/**
 * Stores the issue and marks its articles as sent in one transaction. When another process stored
 * the same slot first, theirs is returned with `created: false` and ours is discarded: a slot is built once.
 */
/** The slot of the newsletter's latest issue, if it has one (slots are ISO-8601 UTC, so they sort as text). */
export function latestIssueSlot(db: Db, newsletter: string): string | undefined {
  const row = db.prepare("SELECT max(slot) AS slot FROM issues WHERE newsletter = ?").get(newsletter) as { slot: string | null };
  return row.slot ?? undefined;
}

/** Names of the other newsletters with issues in this store. */
export function otherNewsletters(db: Db, newsletter: string): string[] {
  return (db.prepare("SELECT DISTINCT newsletter FROM issues WHERE newsletter != ? ORDER BY newsletter").all(newsletter) as { newsletter: string }[]).map((row) => row.newsletter);
}

export function createIssue(db: Db, issue: NewIssue, now: Date): { issue: StoredIssue; created: boolean } {
  return db
    .transaction(() => {
      const existing = findIssue(db, issue.newsletter, issue.slot);
      if (existing) return { issue: existing, created: false };
      const { lastInsertRowid } = db
        .prepare(
          `INSERT INTO issues (newsletter, slot, created_at, subject, digest, rendered, last_subscriber_id)
           VALUES (?, ?, ?, ?, ?, ?, (SELECT COALESCE(MAX(id), 0) FROM subscribers))`,
        )
        .run(issue.newsletter, issue.slot, now.toISOString(), issue.subject, issue.digest, issue.rendered);
      const remember = db.prepare("INSERT OR IGNORE INTO sent_articles (newsletter, article_id, issue_id) VALUES (?, ?, ?)");
      for (const articleId of issue.articleIds) remember.run(issue.newsletter, articleId, lastInsertRowid);
      return { issue: findIssue(db, issue.newsletter, issue.slot)!, created: true };
    })
    .immediate();
}

export function completeIssue(db: Db, issueId: number, now: Date): void {
  db.prepare("UPDATE issues SET completed_at = ? WHERE id = ? AND completed_at IS NULL").run(now.toISOString(), issueId);
}

export function sentArticleIds(db: Db, newsletter: string): Set<string> {
  const rows = db.prepare("SELECT article_id FROM sent_articles WHERE newsletter = ?").all(newsletter) as { article_id: string }[];
  return new Set(rows.map((r) => r.article_id));
}
