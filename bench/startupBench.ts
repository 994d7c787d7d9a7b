// Start-up: `leadline --help` (median of several) and `leadline build` on the sample newsletter, as a user runs them.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { compiledLeadline } from "./compiledCli.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export interface StartupMeasurement {
  helpMs: number;
  buildMs: number;
}

function timeRun(args: string[]): number {
  const bin = compiledLeadline();
  const started = performance.now();
  execFileSync(bin, args, { cwd: ROOT, stdio: "ignore" });
  return performance.now() - started;
}

export function measureStartup(runs = 7): StartupMeasurement {
  const help = Array.from({ length: runs }, () => timeRun(["--help"])).sort((a, b) => a - b);
  const out = mkdtempSync(path.join(tmpdir(), "leadline-bench-build-"));
  try {
    return { helpMs: help[Math.floor(runs / 2)]!, buildMs: timeRun(["build", "--out", out]) };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
