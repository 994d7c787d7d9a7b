// Feed ingest: 100 feeds, each on its own loopback address, answering after 300 ms; then the same unchanged (conditional GET); then rss2email.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { configSchema } from "../src/config/schema.ts";
import { fetchFeeds } from "../src/feeds/fetchFeed.ts";
import { feedStateStore } from "../src/store/feedState.ts";
import { openStore } from "../src/store/openStore.ts";
import { BENCH_NOW, newsFeed } from "./newsroom.ts";

export interface FeedMeasurement {
  feeds: number;
  concurrency: number;
  firstSeconds: number;
  unchangedSeconds: number;
  failed: number;
  notModified: number;
  rss2email: { seconds: number } | { unavailable: string };
}

const DELAY_MS = 300;

/** One server per feed on 127.0.0.N, so no per-host limit can serialise them; ETag for conditional GET. */
async function startFeedServers(count: number): Promise<{ urls: string[]; close(): Promise<void> }> {
  const servers: Server[] = [];
  const urls: string[] = [];
  for (let i = 0; i < count; i++) {
    const host = `127.0.0.${i + 2}`;
    const body = newsFeed(`Feed ${i}`, 20, `feed${i}.example.org`);
    const etag = `"feed-${i}-v1"`;
    const server = createServer((request, response) => {
      setTimeout(() => {
        if (request.headers["if-none-match"] === etag) return response.writeHead(304, { ETag: etag }).end();
        response.writeHead(200, { "Content-Type": "application/rss+xml; charset=utf-8", ETag: etag }).end(body);
      }, DELAY_MS);
    });
    await new Promise<void>((resolve, reject) => server.once("error", reject).listen(0, host, resolve));
    const address = server.address() as { port: number };
    servers.push(server);
    urls.push(`http://${host}:${address.port}/feed.xml`);
  }
  return { urls, close: async () => void (await Promise.all(servers.map((s) => new Promise((r) => s.close(r))))) };
}

export async function measureFeeds(count: number): Promise<FeedMeasurement> {
  const servers = await startFeedServers(count);
  const dir = mkdtempSync(path.join(tmpdir(), "leadline-bench-feeds-"));
  const store = openStore(path.join(dir, "leadline.db"));
  try {
    const options = configSchema.shape.fetch.parse(undefined);
    const sources = servers.urls.map((url, i) => ({ url, name: `Feed ${i}` }));
    const context = { feedState: feedStateStore(store.db) };
    let started = performance.now();
    const first = await fetchFeeds(sources, options, BENCH_NOW, context);
    const firstSeconds = (performance.now() - started) / 1000;
    started = performance.now();
    const again = await fetchFeeds(sources, options, BENCH_NOW, context);
    const unchangedSeconds = (performance.now() - started) / 1000;
    const failed = [...first, ...again].filter((r) => !r.ok).length;
    const notModified = again.filter((r) => r.ok && r.notModified).length;
    const rss2email = await measureRss2email(servers.urls);
    return { feeds: count, concurrency: options.concurrency, firstSeconds, unchangedSeconds, failed, notModified, rss2email };
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
    await servers.close();
  }
}

/** Debian's rss2email on the same feeds (`r2e run --no-send`), in a child so our servers keep answering. */
async function measureRss2email(urls: string[]): Promise<FeedMeasurement["rss2email"]> {
  const dir = mkdtempSync(path.join(tmpdir(), "leadline-bench-r2e-"));
  const r2e = (...args: string[]) => execFileSync("r2e", ["-c", path.join(dir, "r2e.cfg"), "-d", path.join(dir, "r2e.json"), ...args], { stdio: "pipe" });
  try {
    ensureRss2email();
    r2e("new", "bench@example.org");
    urls.forEach((url, i) => r2e("add", `feed${i}`, url));
    const { spawn } = await import("node:child_process");
    const started = performance.now();
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn("r2e", ["-c", path.join(dir, "r2e.cfg"), "-d", path.join(dir, "r2e.json"), "run", "--no-send"], { stdio: "ignore" });
      child.once("exit", resolve);
      child.once("error", () => resolve(-1));
    });
    const seconds = (performance.now() - started) / 1000;
    return code === 0 ? { seconds } : { unavailable: `r2e run --no-send exited with ${code}` };
  } catch (error) {
    return { unavailable: (error as Error).message.split("\n")[0]! };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await sleep(0);
  }
}

function ensureRss2email(): void {
  try {
    execFileSync("r2e", ["--version"], { stdio: "ignore" });
  } catch {
    execFileSync("apt-get", ["install", "-y", "--no-install-recommends", "rss2email"], { stdio: "ignore", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  }
}
