// Test fixtures: a temp folder per test, a config written into it, feeds built from a few fields.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { stringify } from "yaml";

export interface TempDir {
  dir: string;
  file(name: string, content: string): string;
  remove(): void;
}

export function makeTempDir(): TempDir {
  const dir = mkdtempSync(path.join(tmpdir(), "leadline-test-"));
  return {
    dir,
    file(name, content) {
      const file = path.join(dir, name);
      writeFileSync(file, content);
      return file;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Writes leadline.config.yaml into `dir`: the sample newsletter plus `overrides` at the top level. */
export function writeConfig(temp: TempDir, overrides: Record<string, unknown>): string {
  const config = {
    newsletter: { name: "Test Brief", from: "Test Brief <news@example.org>", siteUrl: "https://news.example.org" },
    store: "leadline.db",
    // Tests run at 12:30 UTC: the 12:00 slot is current and inside the grace period.
    schedule: { cron: "0 12 * * *", timezone: "UTC" },
    ...overrides,
  };
  return temp.file("leadline.config.yaml", stringify(config));
}

export interface ItemSpec {
  title: string;
  /** Default: the feed's address with the guid, else the item's place in the feed (which moves when items are added). */
  link?: string;
  guid?: string;
  date?: string;
  description?: string;
  image?: string;
  extra?: string;
}

export function rssFeed(title: string, items: ItemSpec[], extraNamespaces = ""): string {
  const body = items
    .map(
      (item, i) => `
    <item>
      <title>${item.title}</title>
      <link>${item.link ?? `https://example.org/${encodeURIComponent(title)}/${item.guid ? encodeURIComponent(item.guid) : i}`}</link>
      ${item.guid ? `<guid isPermaLink="false">${item.guid}</guid>` : ""}
      ${item.date ? `<pubDate>${item.date}</pubDate>` : ""}
      ${item.description !== undefined ? `<description>${item.description}</description>` : ""}
      ${item.image ? `<enclosure url="${item.image}" type="image/jpeg" length="1000" />` : ""}
      ${item.extra ?? ""}
    </item>`,
    )
    .join("");
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/" xmlns:dc="http://purl.org/dc/elements/1.1/" ${extraNamespaces}>
  <channel>
    <title>${title}</title>
    <link>https://example.org/${encodeURIComponent(title)}/</link>
    <description>${title} feed</description>${body}
  </channel>
</rss>`;
}

/** Runs the CLI in this process and captures what it printed. */
export async function runCli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const { main } = await import("../../src/cli/main.ts");
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l) }, env);
  return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}

/** Runs `bin/leadline.js ARGS` as a child process, as a user would (`env` added to ours), and captures its output; its #! line sets Node's flags. */
export function runBin(args: string[], cwd?: string, env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(LEADLINE_BIN, args, { cwd, env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d));
    child.stderr.on("data", (d: Buffer) => (stderr += d));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

export const LEADLINE_BIN = path.resolve(import.meta.dirname, "../../bin/leadline.js");
