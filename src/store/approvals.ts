// Editors' decisions on a slot's issue: approved (with the version the editor saw, from the preview) or held.
import type { Digest } from "../digest/digest.ts";
import type { Db } from "./openStore.ts";

export type Decision = "approved" | "held";

/** The issue an editor approved on the preview page: the send builds the slot's issue from it, not afresh. */
export interface ApprovedVersion {
  digest: Digest;
  /** The newest override it was built with: those after it are left for the next issue. */
  overridesThrough: number;
}

/**
 * A hold forgets any version approved before; an approval without one (`leadline approve`, which shows
 * nothing) keeps the version an earlier approval on the preview gave.
 */
export function decideSlot(db: Db, newsletter: string, slot: string, decision: Decision, now: Date, version?: ApprovedVersion): void {
  db.prepare(
    `INSERT INTO approvals (newsletter, slot, decision, decided_at, approved_version) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (newsletter, slot) DO UPDATE SET decision = excluded.decision, decided_at = excluded.decided_at,
       approved_version = CASE WHEN excluded.decision = 'approved' AND excluded.approved_version IS NULL AND approvals.decision = 'approved'
                               THEN approvals.approved_version ELSE excluded.approved_version END`,
  ).run(newsletter, slot, decision, now.toISOString(), decision === "approved" && version ? JSON.stringify(version) : null);
}

export function slotDecision(db: Db, newsletter: string, slot: string): Decision | undefined {
  const row = db.prepare("SELECT decision FROM approvals WHERE newsletter = ? AND slot = ?").get(newsletter, slot) as { decision: Decision } | undefined;
  return row?.decision;
}

/** The version approved on the preview for this slot, when it is approved with one. */
export function approvedVersion(db: Db, newsletter: string, slot: string): (ApprovedVersion & { approvedAt: string }) | undefined {
  const row = db
    .prepare("SELECT approved_version AS version, decided_at AS approvedAt FROM approvals WHERE newsletter = ? AND slot = ? AND decision = 'approved' AND approved_version IS NOT NULL")
    .get(newsletter, slot) as { version: string; approvedAt: string } | undefined;
  return row && { ...(JSON.parse(row.version) as ApprovedVersion), approvedAt: row.approvedAt };
}

/** Whether two versions of an issue say the same to readers: the stories, their text and images, the subject and the note (not their scores, which age). */
export function sameContent(a: Digest, b: Digest): boolean {
  const content = (d: Digest) =>
    JSON.stringify([d.subject, d.note, d.sections?.map((s) => [s.title, s.headlines.map((h) => h.id)]), [d.lead, ...d.headlines].map((s) => [s.id, s.title, s.teaser, s.link, s.image?.url])]);
  return content(a) === content(b);
}
