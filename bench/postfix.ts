// Postfix's smtp-sink (the receiving end) and smtp-source (the C load generator that marks the machine's limit).
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
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
  stop(): Promise<void>;
}

/** smtp-sink on 127.0.0.1:PORT: accepts every message and throws it away. */
export async function startSink(port: number): Promise<Sink> {
  const child = spawn(SINK, ["-u", "nobody", `127.0.0.1:${port}`, "1024"], { stdio: "ignore" });
  await waitForPort(port, child);
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
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

/** smtp-source sending `count` messages of `bytes` over `sessions` connections, each reused (-d); seconds taken. */
export function runSmtpSource(port: number, count: number, bytes: number, sessions: number): number {
  const started = performance.now();
  execFileSync(SOURCE, ["-d", "-l", String(bytes), "-m", String(count), "-s", String(sessions), "-f", "news@example.org", "-t", "reader@example.net", `127.0.0.1:${port}`], {
    stdio: "ignore",
  });
  return (performance.now() - started) / 1000;
}
