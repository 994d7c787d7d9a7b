// Chaos group 2: `leadline send` SIGKILLed at a random moment, then run again; duplicates and losses counted per round.
import { spawn } from "node:child_process";
import path from "node:path";
import Database from "better-sqlite3";
import { runCli } from "../helpers/fixtures.ts";
import { startFaultySmtpServer } from "../helpers/faultySmtpServer.ts";
import { setupNewsletter } from "../helpers/newsletter.ts";
import { chaosRow, type ChaosRow } from "./chaosRow.ts";

const BIN = path.resolve("bin/leadline.js");
const NOW = "2026-11-25T12:30:00Z";
const NO_FAULTS = { permanent: 0, temporary: 0, dropBeforeData: 0, dropDuringData: 0, stall: 0, authReject: 0 };

export interface CrashRound {
  killedAfter: string;
  beforeResume: number;
  inDoubt: number;
  duplicates: number;
  lost: number;
  problems: string[];
}

/** A seeded generator, so a failing round can be replayed with the same kill moments. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

export async function runCrashRounds(options: { rounds: number; subscribers: number; seed: number }): Promise<ChaosRow> {
  const random = seededRandom(options.seed);
  const rounds: CrashRound[] = [];
  for (let i = 0; i < options.rounds; i++) rounds.push(await crashRound(options.subscribers, random));
  const problems = rounds.flatMap((r, i) => r.problems.map((p) => `round ${i + 1}: ${p}`));
  const sum = (pick: (r: CrashRound) => number) => rounds.reduce((s, r) => s + pick(r), 0);
  const notes =
    `${options.subscribers} subscribers per round; killed ${rounds.map((r) => r.killedAfter).join(", ")}; ` +
    `in doubt ${sum((r) => r.inDoubt)}, duplicates ${sum((r) => r.duplicates)}, lost ${sum((r) => r.lost)}; integrity_check ok in ${rounds.filter((r) => !r.problems.some((p) => p.includes("integrity"))).length}`;
  return chaosRow("2 crashes", `${options.rounds} sends SIGKILLed and resumed`, { tried: rounds.length, survived: rounds.filter((r) => r.problems.length === 0).length }, problems, notes);
}

async function crashRound(subscribers: number, random: () => number): Promise<CrashRound> {
  // Most kills land mid-delivery (while the server holds a message unanswered); some anywhere in the first seconds.
  const byCount = random() < 0.7;
  const killAt = byCount ? 1 + Math.floor(random() * (subscribers - 1)) : Math.floor(random() * 3000);
  let kill: (() => void) | undefined;
  const smtp = await startFaultySmtpServer({ rates: NO_FAULTS, seed: 1, stallMs: 0, onAccepted: (_a, count) => byCount && count === killAt && kill?.() });
  const newsletter = setupNewsletter({ subscribers, smtpUrl: smtp.url, config: { smtp: { url: smtp.url, maxConnections: 3, retryDelayMs: 5 } } });
  try {
    const child = spawn(process.execPath, [BIN, "--config", newsletter.config, "--now", NOW, "send"], { stdio: "ignore" });
    kill = () => child.kill("SIGKILL");
    const timer = byCount ? undefined : setTimeout(kill, killAt);
    const exit = await new Promise<NodeJS.Signals | number | null>((resolve) => child.on("exit", (code, signal) => resolve(signal ?? code)));
    clearTimeout(timer);
    const beforeResume = [...smtp.delivered.values()].reduce((a, b) => a + b, 0);
    const killedAfter = exit === "SIGKILL" ? (byCount ? `msg ${killAt}` : `${killAt} ms`) : `not killed (exit ${exit})`;
    const resumed = await runCli(["--config", newsletter.config, "--now", NOW, "send"]);
    const inDoubt = Number(/(\d+) in doubt/.exec(resumed.stdout)?.[1] ?? 0);
    const problems: string[] = [];
    if (resumed.code !== 0) problems.push(`resume exited ${resumed.code}: ${(resumed.stdout + resumed.stderr).slice(0, 300)}`);
    const copies = newsletter.addresses.map((a) => smtp.delivered.get(a) ?? 0);
    const lost = copies.filter((n) => n === 0).length;
    const duplicates = copies.filter((n) => n > 1).length;
    if (lost > 0) problems.push(`${lost} subscriber(s) never got the issue`);
    if (duplicates > inDoubt) problems.push(`${duplicates} duplicates but only ${inDoubt} reported in doubt`);
    problems.push(...checkStore(newsletter.store, subscribers));
    return { killedAfter, beforeResume, inDoubt, duplicates, lost, problems };
  } finally {
    await smtp.close();
    newsletter.temp.remove();
  }
}

function checkStore(file: string, subscribers: number): string[] {
  const db = new Database(file, { readonly: true });
  try {
    const problems: string[] = [];
    const integrity = db.pragma("integrity_check", { simple: true });
    if (integrity !== "ok") problems.push(`integrity_check: ${String(integrity)}`);
    const sent = (db.prepare("SELECT COUNT(*) AS n FROM deliveries WHERE status = 'sent'").get() as { n: number }).n;
    if (sent !== subscribers) problems.push(`journal: ${sent} of ${subscribers} sent`);
    return problems;
  } finally {
    db.close();
  }
}
