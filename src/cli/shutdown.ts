// Graceful shutdown: SIGINT/SIGTERM abort the work (no new messages), in-flight ones get a bounded wait.
import type { CommandContext } from "./context.ts";

/** How long in-flight SMTP transactions may take to finish after a stop signal. */
export const SHUTDOWN_GRACE_MS = 30_000;

export async function withShutdown<T>(context: CommandContext, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let forced: NodeJS.Timeout | undefined;
  const stop = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) return;
    context.output.err(`${signal}: finishing messages in flight (at most ${SHUTDOWN_GRACE_MS / 1000} s), then stopping`);
    controller.abort();
    // Past the grace, leave: the journal marks what was in flight as in doubt for the next run.
    forced = setTimeout(() => process.exit(0), SHUTDOWN_GRACE_MS);
    forced.unref();
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
 * SHUTDOWN_GRACE_MS the process leaves anyway (call the returned `done` when the drain finished).
 */
export async function untilStopSignal(): Promise<{ signal: NodeJS.Signals; done(): void }> {
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
  const forced = setTimeout(() => process.exit(0), SHUTDOWN_GRACE_MS);
  forced.unref();
  return {
    signal,
    done() {
      clearTimeout(forced);
      process.off("SIGINT", ignore);
      process.off("SIGTERM", ignore);
    },
  };
}
