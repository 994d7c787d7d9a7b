// Send progress for people: a bar on a terminal (sent/total, rate, ETA); a log line per 1,000 otherwise.
import cliProgress from "cli-progress";
import type { Logger } from "../logger.ts";

export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

/** On a terminal, a bar on standard error; otherwise `log` gets a progress line per 1,000 messages. */
export function createProgress(log: Logger, isTerminal: boolean): Progress {
  if (!isTerminal) {
    let started = 0;
    return {
      update(done, total) {
        started ||= Date.now();
        if (done % 1000 !== 0 && done !== total) return;
        const rate = Math.round(done / Math.max((Date.now() - started) / 1000, 0.001));
        log.info(`progress: ${done}/${total} sent, ${rate} msg/s`, { done, total, rate });
      },
      stop() {},
    };
  }
  const bar = new cliProgress.SingleBar(
    { format: "sending [{bar}] {value}/{total} | {rate} msg/s | ETA {eta_formatted}", hideCursor: true, stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  let started = 0;
  return {
    update(done, total) {
      if (!started) {
        started = Date.now();
        bar.start(total, 0, { rate: "0" });
      }
      bar.update(done, { rate: (done / Math.max((Date.now() - started) / 1000, 0.001)).toFixed(0) });
    },
    stop: () => bar.stop(),
  };
}
