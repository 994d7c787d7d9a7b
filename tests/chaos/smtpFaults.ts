// Chaos group 1: a send through an SMTP server that defers, refuses, drops, stalls and rejects AUTH; counted at the server.
import Database from "better-sqlite3";
import { runCli } from "../helpers/fixtures.ts";
import { startFaultySmtpServer, type FaultRates } from "../helpers/faultySmtpServer.ts";
import { setupNewsletter } from "../helpers/newsletter.ts";
import { chaosRow, type ChaosRow } from "./chaosRow.ts";

const NOW = "2026-11-25T12:30:00Z";

export const DEFAULT_FAULT_RATES: FaultRates = {
  permanent: 0.02,
  temporary: 0.06,
  dropBeforeData: 0.02,
  dropDuringData: 0.02,
  stall: 0.02,
  authReject: 0.05,
};

/** How many times `leadline send` may run (cron's next calls) before what is still deferred counts as lost. */
const MAX_RUNS = 5;

export async function runSmtpFaults(options: { messages: number; seed: number; rates?: FaultRates; stallMs?: number }): Promise<ChaosRow> {
  const started = Date.now();
  const smtp = await startFaultySmtpServer({ rates: options.rates ?? DEFAULT_FAULT_RATES, seed: options.seed, stallMs: options.stallMs ?? 300 });
  const newsletter = setupNewsletter({
    subscribers: options.messages,
    smtpUrl: smtp.url,
    config: { smtp: { url: smtp.url, maxConnections: 4, retries: 3, retryDelayMs: 5 } },
  });
  try {
    let runs = 0;
    const crashes: string[] = [];
    while (runs < MAX_RUNS) {
      runs += 1;
      const result = await runCli(["--config", newsletter.config, "--now", NOW, "send"]);
      if (result.code !== 0 && result.code !== 1) crashes.push(`run ${runs} exited ${result.code}: ${result.stderr.slice(0, 300)}`);
      if (!result.stdout.includes("(temporary; will be retried")) break;
    }
    const problems = [...crashes, ...checkOutcome(newsletter.store, newsletter.addresses, smtp)];
    const faults = Object.entries(smtp.injected).filter(([, n]) => n > 0);
    const total = faults.reduce((sum, [, n]) => sum + n, 0);
    const duplicates = [...smtp.delivered.values()].filter((n) => n > 1).length;
    const lost = newsletter.addresses.filter((a) => smtp.deliverable(a) && !smtp.delivered.has(a)).length;
    const notes =
      `${total} faults (${faults.map(([f, n]) => `${f}×${n}`).join(", ")}); ${smtp.refused.size} refused for good; ` +
      `${runs} run(s); duplicates ${duplicates}, lost ${lost}; ${((Date.now() - started) / 1000).toFixed(1)} s`;
    const correct = options.messages - new Set(problems.map((p) => p.split(":")[0])).size;
    return chaosRow("1 SMTP faults", `${options.messages} messages through a faulty server`, { tried: options.messages, survived: correct }, problems, notes);
  } finally {
    await smtp.close();
    newsletter.temp.remove();
  }
}

/** Each address once at the server if deliverable; else journalled `failed` with the server's reply. Problems start "address:". */
function checkOutcome(store: string, addresses: string[], smtp: Awaited<ReturnType<typeof startFaultySmtpServer>>): string[] {
  const db = new Database(store, { readonly: true });
  const journal = new Map(
    (db.prepare("SELECT s.email, d.status, d.response FROM subscribers s LEFT JOIN deliveries d ON d.subscriber_id = s.id").all() as {
      email: string;
      status: string | null;
      response: string | null;
    }[]).map((row) => [row.email, row]),
  );
  db.close();
  const problems: string[] = [];
  for (const address of addresses) {
    const copies = smtp.delivered.get(address) ?? 0;
    const entry = journal.get(address);
    if (smtp.deliverable(address)) {
      if (copies !== 1) problems.push(`${address}: ${copies} copies at the server (journal: ${entry?.status}, ${entry?.response})`);
      else if (entry?.status !== "sent") problems.push(`${address}: delivered but journalled ${entry?.status}`);
    } else {
      const reply = smtp.refused.get(address)!;
      if (copies > 0) problems.push(`${address}: refused for good, yet ${copies} copies arrived`);
      if (entry?.status !== "failed" || !entry.response?.includes(reply)) {
        problems.push(`${address}: refused with "${reply}" but journalled ${entry?.status}: ${entry?.response}`);
      }
    }
  }
  return problems;
}
