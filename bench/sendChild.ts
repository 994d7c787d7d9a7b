// Child process for one send measurement, so its time and peak RSS are its own: `tsx bench/sendChild.ts CONFIG leadline|nodemailer`.
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import nodemailer from "nodemailer";
import type { Config } from "../src/config/load.ts";
import type { PreparedIssue } from "../src/issue/prepareIssue.ts";
import type { Db } from "../src/store/openStore.ts";
import { compiledModule } from "./compiledCli.ts";
import { BENCH_NOW } from "./newsroom.ts";

// The compiled code, as `leadline send` runs it.
const { loadConfig } = await compiledModule<typeof import("../src/config/load.ts")>("config/load");
const { prepareIssue } = await compiledModule<typeof import("../src/issue/prepareIssue.ts")>("issue/prepareIssue");
const { issueKey, sendNewsletter, unsubscribeLink } = await compiledModule<typeof import("../src/issue/sendNewsletter.ts")>("issue/sendNewsletter");
const { silentLogger } = await compiledModule<typeof import("../src/logger.ts")>("logger");
const { currentSlot } = await compiledModule<typeof import("../src/schedule/slot.ts")>("schedule/slot");
const { composeMessage } = await compiledModule<typeof import("../src/send/composeMessage.ts")>("send/composeMessage");
const { countDeliveries, pendingRecipients } = await compiledModule<typeof import("../src/store/deliveries.ts")>("store/deliveries");
const { openStore } = await compiledModule<typeof import("../src/store/openStore.ts")>("store/openStore");

export interface SendMeasurement {
  sent: number;
  failed: number;
  seconds: number;
  /** Peak resident set size of this process, in MB. */
  peakRssMb: number;
  /** Journal rows with status 'sent' after the run (Leadline's path only). */
  journalSent?: number;
  /** Share of the send's wall time the main thread was busy (event-loop utilisation): near 1, it is the bottleneck. */
  mainThreadBusy?: number;
  /** CPU seconds of this process during the send (main thread and thread pool), user + system. */
  cpuSeconds?: number;
}

const SECRET = "bench-secret";

async function main(): Promise<void> {
  const [file, mode] = process.argv.slice(2);
  const config = loadConfig(file!);
  const store = openStore(config.store);
  const clock = () => new Date(BENCH_NOW);
  const slot = currentSlot(config.schedule, clock());
  // Build and store the issue first: feeds and MJML are not part of the send being timed.
  const prepared = await prepareIssue(config, store.db, slot, clock(), silentLogger);
  if ("nothingToSend" in prepared) throw new Error(prepared.nothingToSend);
  const elu = performance.eventLoopUtilization();
  const cpu = process.cpuUsage();
  const result = mode === "nodemailer" ? await sendPlain(config, store.db, prepared) : await sendLeadline(config, store.db, slot, prepared);
  const used = process.cpuUsage(cpu);
  Object.assign(result, { mainThreadBusy: performance.eventLoopUtilization(elu).utilization, cpuSeconds: (used.user + used.system) / 1e6 });
  store.close();
  // VmHWM: getrusage's maxRSS would include the forking parent's memory (see memoryBench.ts).
  const peakKb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync("/proc/self/status", "utf8"))![1]);
  process.stdout.write(`${JSON.stringify({ ...result, peakRssMb: peakKb / 1024 })}\n`);
}

async function sendLeadline(config: Config, db: Db, slot: string, prepared: PreparedIssue): Promise<Omit<SendMeasurement, "peakRssMb">> {
  const started = performance.now();
  const summary = await sendNewsletter({ config, db, secret: SECRET, clock: () => new Date(BENCH_NOW), log: silentLogger }, slot);
  const seconds = (performance.now() - started) / 1000;
  if ("nothingToSend" in summary) throw new Error(summary.nothingToSend);
  return { sent: summary.sent, failed: summary.failed, seconds, journalSent: countDeliveries(db, prepared.stored.id).sent };
}

/** The naive baseline: one nodemailer `sendMail` per subscriber over a pool, same messages and DKIM, no journal. */
async function sendPlain(config: Config, db: Db, prepared: PreparedIssue): Promise<Omit<SendMeasurement, "peakRssMb">> {
  const recipients = pendingRecipients(db, prepared.stored.id);
  const transporter = nodemailer.createTransport({ pool: true, url: config.smtp.url, maxConnections: config.smtp.maxConnections, maxMessages: Infinity, dkim: config.signing });
  const context = { newsletter: config.newsletter, issue: prepared.rendered, issueKey: issueKey(db, prepared.stored.id), unsubscribeUrl: unsubscribeLink({ config, secret: SECRET }) };
  let next = 0;
  let sent = 0;
  let failed = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < recipients.length) {
      const message = composeMessage(recipients[next++]!, { ...context, now: new Date(BENCH_NOW) });
      await transporter.sendMail(message).then(() => sent++, () => failed++);
    }
  };
  await Promise.all(Array.from({ length: config.smtp.maxConnections * 2 }, worker));
  const seconds = (performance.now() - started) / 1000;
  transporter.close();
  return { sent, failed, seconds };
}

await main();
