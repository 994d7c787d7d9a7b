// Peak RSS of `leadline send` — the compiled CLI a newsroom runs, building the issue and sending it — for N subscribers.
import { spawn } from "node:child_process";
import type { Readable } from "node:stream";
import { compiledLeadline } from "./compiledCli.ts";
import { BENCH_NOW, createNewsroom } from "./newsroom.ts";

export interface MemoryMeasurement {
  sent: number;
  failed: number;
  /** The whole run: start-up, feeds, MJML and the send. */
  seconds: number;
  /** Peak resident set size of the `leadline send` process, in MB. */
  peakRssMb: number;
}

// Preloaded into the measured process itself (a few lines, no dependencies): it writes that process's
// own peak RSS in kB to file descriptor 3 as it exits. VmHWM, not process.resourceUsage().maxRSS:
// Linux carries getrusage's maximum over from before exec, so a child forked by a 230 MB bench
// reported 230 MB however little it used itself (a child using 40 MB of a 440 MB parent: 404 MB).
const REPORT_PEAK_RSS = `data:text/javascript,${encodeURIComponent(
  'import { readFileSync, writeSync } from "node:fs"; process.on("exit", () => writeSync(3, /VmHWM:\\s+(\\d+)/.exec(readFileSync("/proc/self/status", "utf8"))[1]));',
)}`;

export async function measureSendMemory(subscribers: number, smtpUrl: string): Promise<MemoryMeasurement> {
  const bin = compiledLeadline();
  const newsroom = createNewsroom(subscribers, smtpUrl);
  try {
    const started = performance.now();
    // The command executed as npm's bin link is, so the Node flags on its #! line apply (the heap limit among them).
    const env = { ...process.env, LEADLINE_SECRET: "bench-secret-for-memory-runs", NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --import=${REPORT_PEAK_RSS}` };
    const child = spawn(bin, ["--config", newsroom.config, "--now", BENCH_NOW.toISOString(), "send"], { cwd: newsroom.dir, env, stdio: ["ignore", "pipe", "pipe", "pipe"] });
    const [stdout, stderr, peakKb] = await Promise.all([child.stdout, child.stderr, child.stdio[3] as Readable].map(readAll));
    const code = await new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once("exit", resolve)));
    const counts = /^sent (\d+), failed (\d+)/m.exec(stdout!);
    if (!counts || !peakKb) throw new Error(`leadline send exited ${code} without a result:\n${stdout}${stderr}`);
    return { sent: Number(counts[1]), failed: Number(counts[2]), seconds: (performance.now() - started) / 1000, peakRssMb: Number(peakKb) / 1024 };
  } finally {
    newsroom.remove();
  }
}

async function readAll(stream: Readable | null): Promise<string> {
  let text = "";
  for await (const chunk of stream ?? []) text += String(chunk);
  return text;
}
