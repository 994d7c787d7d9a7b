// Send progress for people: a bar on a terminal (tried/total, sent and failed, rate, ETA); a log line per 1,000 otherwise.
import cliProgress from "cli-progress";
import type { Logger } from "../logger.ts";
import type { SendProgress } from "../send/deliverIssue.ts";

export interface Progress {
  update(progress: SendProgress): void;
  stop(): void;
}

/** On a terminal, a bar on standard error; otherwise `log` gets a progress line per 1,000 messages. */
export function createProgress(log: Logger, isTerminal: boolean): Progress {
  if (!isTerminal) {
    let started = 0;
    return {
      update(progress) {
        started ||= Date.now();
        const { tried, total } = progress;
        if (tried % 1000 !== 0 && tried !== total) return;
        const rate = Math.round(tried / Math.max((Date.now() - started) / 1000, 0.001));
        log.info(`progress: ${tried}/${total} tried: ${outcomes(progress)}, ${rate} msg/s`, { ...progress, rate });
      },
      stop() {},
    };
  }
  const bar = new cliProgress.SingleBar(
    { format: "sending [{bar}] {value}/{total} tried: {outcomes} | {rate} msg/s | ETA {eta_formatted}", hideCursor: true, stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  let started = 0;
  return {
    update(progress) {
      if (!started) {
        started = Date.now();
        bar.start(progress.total, 0, { rate: "0", outcomes: "" });
      }
      bar.update(progress.tried, { rate: (progress.tried / Math.max((Date.now() - started) / 1000, 0.001)).toFixed(0), outcomes: outcomes(progress) });
    },
    stop: () => bar.stop(),
  };
}

/** What came of the messages tried: a message tried is not one sent (a refused sender stops them all). */
function outcomes({ tried, sent, failed }: SendProgress): string {
  const notSent = tried - sent - failed;
  return `${sent} sent, ${failed} failed${notSent > 0 ? `, ${notSent} not sent` : ""}`;
}
