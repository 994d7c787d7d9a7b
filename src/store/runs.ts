// The run log: each attempt at a slot, what came of it and the counts, for status and health checks.
import type { Db } from "./openStore.ts";

export type RunOutcome =
  | "sent"
  | "partly-failed"
  | "interrupted"
  | "nothing-new"
  | "missed"
  | "awaiting-approval"
  | "held"
  | "busy"
  | "error";

export interface Run {
  id: number;
  slot: string;
  startedAt: string;
  finishedAt: string | null;
  outcome: RunOutcome | null;
  sent: number;
  failed: number;
  inDoubt: number;
  message: string | null;
}

export function startRun(db: Db, newsletter: string, slot: string, now: Date): number {
  return Number(db.prepare("INSERT INTO runs (newsletter, slot, started_at) VALUES (?, ?, ?)").run(newsletter, slot, now.toISOString()).lastInsertRowid);
}

export interface RunResult {
  outcome: RunOutcome;
  sent?: number;
  failed?: number;
  inDoubt?: number;
  message?: string;
}

/**
 * Writes a run's outcome, once: false when it already has one. A process leaving past its shutdown
 * grace records its run itself, and the run must not be written over by anyone after that.
 */
export function finishRun(db: Db, runId: number, result: RunResult, now: Date): boolean {
  const update = db.prepare("UPDATE runs SET finished_at = ?, outcome = ?, sent = ?, failed = ?, in_doubt = ?, message = ? WHERE id = ? AND finished_at IS NULL");
  return update.run(
    now.toISOString(),
    result.outcome,
    result.sent ?? 0,
    result.failed ?? 0,
    result.inDoubt ?? 0,
    result.message ?? null,
    runId,
  ).changes === 1;
}

export function recentRuns(db: Db, newsletter: string, limit: number): Run[] {
  return db
    .prepare(
      `SELECT id, slot, started_at AS startedAt, finished_at AS finishedAt, outcome, sent, failed, in_doubt AS inDoubt, message
       FROM runs WHERE newsletter = ? ORDER BY id DESC LIMIT ?`,
    )
    .all(newsletter, limit) as Run[];
}

/** Whether a run of this slot found nothing new to send (no issue is stored then, so the slot leaves no other trace). */
export function slotFoundNothingNew(db: Db, newsletter: string, slot: string): boolean {
  return db.prepare("SELECT 1 FROM runs WHERE newsletter = ? AND slot = ? AND outcome = 'nothing-new' LIMIT 1").get(newsletter, slot) !== undefined;
}
