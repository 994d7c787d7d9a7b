// Chaos group 5: two `leadline send` and a `leadline run` daemon started together for one slot; copies counted at the server.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { writeConfig } from "../helpers/fixtures.ts";
import { startFaultySmtpServer } from "../helpers/faultySmtpServer.ts";
import { setupNewsletter } from "../helpers/newsletter.ts";
import { chaosRow, type ChaosRow } from "./chaosRow.ts";

const BIN = path.resolve("bin/leadline.js");
const NO_FAULTS = { permanent: 0, temporary: 0, dropBeforeData: 0, dropDuringData: 0, stall: 0, authReject: 0 };

const exited = (child: ChildProcess) =>
  new Promise<number | string | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.on("exit", (code, signal) => resolve(signal ?? code))));

export async function runSlotRaces(options: { rounds: number; subscribers: number }): Promise<ChaosRow> {
  const problems: string[] = [];
  let duplicates = 0;
  let lost = 0;
  for (let round = 1; round <= options.rounds; round++) {
    const result = await raceOnce(options.subscribers);
    duplicates += result.duplicates;
    lost += result.lost;
    problems.push(...result.problems.map((p) => `round ${round}: ${p}`));
  }
  const rounds = new Set(problems.map((p) => p.split(":")[0])).size;
  const notes = `${options.subscribers} subscribers, 3 processes per round; duplicates ${duplicates}, lost ${lost}`;
  return chaosRow("5 concurrency", "2 × send + daemon racing for one slot", { tried: options.rounds, survived: options.rounds - rounds }, problems, notes);
}

async function raceOnce(subscribers: number): Promise<{ duplicates: number; lost: number; problems: string[] }> {
  let allIn: (() => void) | undefined;
  const everyoneHasIt = new Promise<void>((resolve) => (allIn = resolve));
  const smtp = await startFaultySmtpServer({ rates: NO_FAULTS, seed: 1, stallMs: 0, onAccepted: (_a, count) => count >= subscribers && allIn?.() });
  const newsletter = setupNewsletter({ subscribers, smtpUrl: smtp.url });
  // The real clock: the daemon has no --now. A daily slot at midnight UTC, a day of grace: all three pick today's slot.
  writeConfig(newsletter.temp, {
    feeds: [{ url: "news.rss", name: "News" }],
    smtp: { url: smtp.url, maxConnections: 2 },
    schedule: { cron: "0 0 * * *", timezone: "UTC", graceMinutes: 1440, leaseSeconds: 10, lockWaitSeconds: 60 },
    server: { port: 0 },
  });
  const start = (args: string[]) => spawn(process.execPath, [BIN, "--config", newsletter.config, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  const children = [start(["send"]), start(["send"]), start(["run"])];
  const [sendA, sendB, daemon] = children as [ChildProcess, ChildProcess, ChildProcess];
  const problems: string[] = [];
  try {
    const timeout = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), 120_000).unref());
    if ((await Promise.race([everyoneHasIt, timeout])) === "timeout") problems.push("not every subscriber got the issue within 120 s");
    const codes = await Promise.all([exited(sendA), exited(sendB)]);
    if (codes.some((c) => c !== 0)) problems.push(`send exit codes ${codes.join(", ")}`);
    daemon.kill("SIGTERM");
    const daemonCode = await exited(daemon);
    if (daemonCode !== 0) problems.push(`daemon exited ${daemonCode} on SIGTERM`);
  } finally {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await smtp.close();
    newsletter.temp.remove();
  }
  const copies = newsletter.addresses.map((a) => smtp.delivered.get(a) ?? 0);
  const duplicates = copies.filter((n) => n > 1).length;
  const lost = copies.filter((n) => n === 0).length;
  if (duplicates > 0) problems.push(`${duplicates} subscriber(s) got more than one copy`);
  if (lost > 0) problems.push(`${lost} subscriber(s) got nothing`);
  return { duplicates, lost, problems };
}
