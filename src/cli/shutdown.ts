// Graceful shutdown: SIGINT/SIGTERM abort the work (no new messages), in-flight ones get a bounded wait.
import { LeadlineError } from "../errors.ts";
import type { CommandContext } from "./context.ts";

/**
 * How long in-flight SMTP transactions may take to finish after a stop signal: 30 s, or
 * LEADLINE_SHUTDOWN_GRACE_SECONDS (keep systemd's TimeoutStopSec above it). A value that is not a
 * number of seconds is refused when the send or the daemon starts: read as 30, a typo would let
 * systemd kill the process first, mid-transaction.
 */
export function shutdownGraceMs(env: NodeJS.ProcessEnv): number {
  const given = env.LEADLINE_SHUTDOWN_GRACE_SECONDS;
  if (given === undefined || given.trim() === "") return 30_000;
  // Decimal only ("0x10" is no number of seconds), and at most a day: setTimeout takes at most 24.8
  // days, and a longer wait would end at once.
  const seconds = /^\s*\d+(\.\d+)?\s*$/.test(given) ? Number(given) : NaN;
  if (!(seconds > 0 && seconds <= MAX_GRACE_SECONDS)) {
    throw new LeadlineError("EINPUT", `LEADLINE_SHUTDOWN_GRACE_SECONDS: expected a number of seconds above 0, at most ${MAX_GRACE_SECONDS}, got "${given}"`);
  }
  return seconds * 1000;
}

const MAX_GRACE_SECONDS = 86_400;

/**
 * Exit code when the grace runs out before the work stopped: EX_TEMPFAIL, as for a busy lease. Not 0:
 * cron and systemd must not take it for a success, since the messages in flight are left in doubt;
 * nothing is wrong with the setup, and the next send resends them.
 */
export const EXIT_GRACE_OVER = 75;

/** Says what is left and records it, at the end of the grace, just before the process leaves. */
export type GraceOver = (signal: NodeJS.Signals, graceMs: number) => void;

export async function withShutdown<T>(context: CommandContext, work: (signal: AbortSignal) => Promise<T>, graceOver?: GraceOver): Promise<T> {
  const graceMs = shutdownGraceMs(context.env);
  const controller = new AbortController();
  let forced: NodeJS.Timeout | undefined;
  const stop = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) return;
    context.output.err(`${signal}: finishing messages in flight (at most ${graceMs / 1000} s), then stopping`);
    controller.abort();
    forced = leaveAfterGrace(signal, graceMs, graceOver ?? ((s) => context.output.err(graceRanOut(s, graceMs))));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  try {
    return await work(controller.signal);
  } finally {
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
    clearTimeout(forced);
  }
}

/**
 * Resolves at the first SIGINT or SIGTERM; from then on a second signal is ignored, and past
 * `graceMs` (shutdownGraceMs) the process leaves anyway (call the returned `done` when the drain finished).
 */
export async function untilStopSignal(graceMs: number, graceOver: GraceOver = (s) => process.stderr.write(`${graceRanOut(s, graceMs)}\n`)): Promise<{ signal: NodeJS.Signals; done(): void }> {
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    const once = (s: NodeJS.Signals) => {
      process.off("SIGINT", once);
      process.off("SIGTERM", once);
      resolve(s);
    };
    process.on("SIGINT", once);
    process.on("SIGTERM", once);
  });
  const ignore = () => {};
  process.on("SIGINT", ignore);
  process.on("SIGTERM", ignore);
  const forced = leaveAfterGrace(signal, graceMs, graceOver);
  return {
    signal,
    done() {
      clearTimeout(forced);
      process.off("SIGINT", ignore);
      process.off("SIGTERM", ignore);
    },
  };
}

/** Past the grace the process leaves, non-zero, after `graceOver` has said (and recorded) what it leaves. */
function leaveAfterGrace(signal: NodeJS.Signals, graceMs: number, graceOver: GraceOver): NodeJS.Timeout {
  const timer = setTimeout(() => {
    try {
      graceOver(signal, graceMs);
    } finally {
      process.exit(EXIT_GRACE_OVER);
    }
  }, graceMs);
  timer.unref();
  return timer;
}

function graceRanOut(signal: NodeJS.Signals, graceMs: number): string {
  return `${signal} and the ${graceMs / 1000} s grace ran out before stopping; exiting with ${EXIT_GRACE_OVER}`;
}
