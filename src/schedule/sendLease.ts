// The send lease's name and liveness: one sender per newsletter at a time, across processes and hosts.
import { hostname } from "node:os";
import { currentLease } from "../store/leases.ts";
import type { Db } from "../store/openStore.ts";

export const sendLeaseName = (newsletter: string) => `send:${newsletter}`;

/**
 * Whether a send of this newsletter is under way now: its lease is held, not expired (wall clock) and
 * not by a process of this host that has died. A run without an outcome and without this ended early.
 */
export function sendInProgress(db: Db, newsletter: string): boolean {
  const lease = currentLease(db, sendLeaseName(newsletter));
  return lease !== undefined && lease.expiresAt > new Date().toISOString() && !isDeadLocalProcess(lease.holder);
}

/** A holder on this host whose process is gone (killed, crashed) need not be waited for. */
export function isDeadLocalProcess(holder: string): boolean {
  const [host, pid] = holder.split(":");
  if (host !== hostname() || !pid) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}
