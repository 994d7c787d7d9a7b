// Postfix's smtp-sink (the receiving end) and smtp-source (the C load generator that marks the machine's limit).
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { connect } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

const SINK = "/usr/sbin/smtp-sink";
const SOURCE = "/usr/sbin/smtp-source";

/** Installs Debian's postfix when smtp-sink is missing; "No configuration" keeps its own daemon from being set up. */
export function ensurePostfix(log: (line: string) => void): void {
  if (existsSync(SINK) && existsSync(SOURCE)) return;
  log("installing Debian postfix (for smtp-sink and smtp-source)…");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  execFileSync("sh", ["-c", 'echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections'], { env, stdio: "inherit" });
  execFileSync("apt-get", ["install", "-y", "--no-install-recommends", "postfix"], { env, stdio: "inherit" });
  if (!existsSync(SINK)) throw new Error(`${SINK} is still missing after installing postfix`);
}

export interface Sink {
  url: string;
  port: number;
  /** CPU milliseconds (user + system) smtp-sink has used so far: its share of a measurement is the difference. */
  cpuMs(): number;
  stop(): Promise<void>;
}

/** smtp-sink on 127.0.0.1:PORT: accepts every message and throws it away. */
export async function startSink(port: number): Promise<Sink> {
  const child = spawn(SINK, ["-u", "nobody", `127.0.0.1:${port}`, "1024"], { stdio: "ignore" });
  await waitForPort(port, child);
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    cpuMs: () => processCpuMs(child.pid!),
    stop: () => new Promise<void>((resolve) => {
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    }),
  };
}

async function waitForPort(port: number, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`smtp-sink exited with code ${child.exitCode}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, "127.0.0.1", () => (socket.destroy(), resolve(true)));
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    await sleep(50);
  }
  throw new Error(`smtp-sink did not listen on 127.0.0.1:${port}`);
}

/** Clock ticks per second of /proc's CPU times (USER_HZ): 100 on every Linux we run on. */
const TICKS_PER_SECOND = 100;

/** utime + stime of a live process, from /proc/PID/stat (fields 14 and 15; the name in field 2 may hold spaces). */
function processCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

export interface SourceRun {
  seconds: number;
  /** CPU milliseconds smtp-source itself used (user + system): what a lean C client costs. */
  cpuMs: number;
}

/** smtp-source sending `count` messages of `bytes` over `sessions` connections, each reused (-d). */
export function runSmtpSource(port: number, count: number, bytes: number, sessions: number): SourceRun {
  const args = ["-d", "-l", String(bytes), "-m", String(count), "-s", String(sessions), "-f", "news@example.org", "-t", "reader@example.net", `127.0.0.1:${port}`];
  const started = performance.now();
  // The shell's `times` prints its children's CPU time (second line: "0m0.130s 0m0.380s").
  const times = execFileSync("sh", ["-c", '"$0" "$@" >/dev/null 2>&1 && times', SOURCE, ...args], { encoding: "utf8" });
  const seconds = (performance.now() - started) / 1000;
  const children = times.trim().split("\n").at(-1)!.match(/(\d+)m([\d.]+)s\s+(\d+)m([\d.]+)s/);
  if (!children) throw new Error(`smtp-source: could not read its CPU time from ${JSON.stringify(times)}`);
  const [, um, us, sm, ss] = children.map(Number) as number[];
  return { seconds, cpuMs: ((um! + sm!) * 60 + us! + ss!) * 1000 };
}
