// `leadline run` as a child process: a 6-field schedule every 2 s, one issue per slot, /healthz, clean SIGTERM.
import { spawn } from "node:child_process";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { makeTempDir, rssFeed, runCli, writeConfig, type TempDir } from "../helpers/fixtures.ts";
import { startHttpServer, type TestHttpServer } from "../helpers/httpServer.ts";
import { startSmtpServer, type TestSmtpServer } from "../helpers/smtpServer.ts";

const BIN = path.resolve("bin/leadline.js");

describe("leadline run", () => {
  let smtp: TestSmtpServer;
  let http: TestHttpServer;
  let temp: TempDir;
  afterEach(async () => {
    await smtp.close();
    await http.close();
    temp.remove();
  });

  it("sends once per slot, answers /healthz, and stops cleanly on SIGTERM", async () => {
    // Each fetch adds one new story, so every slot has something new to send.
    let fetches = 0;
    http = await startHttpServer({
      "/live.rss": (_request, response) => {
        fetches += 1;
        const items = Array.from({ length: Math.min(fetches, 3) }, (_, i) => {
          const n = fetches - i;
          return { title: `Story number ${n} of the day`, guid: `live-${n}`, date: new Date(Date.now() - i * 1000).toUTCString(), description: `Summary ${n}.` };
        });
        response.writeHead(200, { "content-type": "application/rss+xml" });
        response.end(rssFeed("Live", items));
      },
    });
    let issuesSeen: (() => void) | undefined;
    const issueKeys = new Set<string>();
    smtp = await startSmtpServer({
      beforeReply: (message) => {
        issueKeys.add(/<(issue-\d+)\./.exec(message.parsed.messageId ?? "")?.[1] ?? "");
        if (issueKeys.size >= 3) issuesSeen?.();
      },
    });
    temp = makeTempDir();
    temp.file("subscribers.csv", "email\nada@example.org\ngrace@example.org\n");
    const config = writeConfig(temp, {
      feeds: [{ url: `${http.url}/live.rss`, name: "Live" }],
      smtp: { url: smtp.url },
      schedule: { cron: "*/2 * * * * *", timezone: "UTC" },
      server: { port: 0 },
    });
    expect((await runCli(["--config", config, "subscribers", "import", `${temp.dir}/subscribers.csv`])).code).toBe(0);

    const child = spawn(process.execPath, [BIN, "--config", config, "run"]);
    let stderr = "";
    const serving = new Promise<string>((resolve) => {
      child.stderr.on("data", (d: Buffer) => {
        stderr += d;
        const url = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(stderr)?.[1];
        if (url) resolve(url);
      });
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const url = await serving;
    await new Promise<void>((resolve) => (issuesSeen = resolve));

    const health = await (await fetch(`${url}/healthz`)).json();
    expect(health).toMatchObject({ ok: true, store: "reachable", lastRun: { outcome: "sent" } });
    expect(Date.parse(health.nextRun)).toBeGreaterThan(Date.parse(health.lastRun.at) - 2000);

    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(stderr).toContain("stopped cleanly");

    // Every (issue, subscriber) pair arrived at most once; the first issues reached everyone.
    const ids = smtp.messages.map((m) => m.parsed.messageId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const key of ["issue-1", "issue-2"]) {
      const to = smtp.messages.filter((m) => m.parsed.messageId?.startsWith(`<${key}.`)).map((m) => m.envelopeTo[0]).sort();
      expect(to).toEqual(["ada@example.org", "grace@example.org"]);
    }
    const subjects = new Set(smtp.messages.map((m) => m.parsed.subject));
    expect(subjects.size).toBe(issueKeys.size);

    const status = await runCli(["--config", config, "status"]);
    expect(status.stdout).toMatch(/last runs:\n {2}\S+ {2}slot \S+ {2}(sent|interrupted|nothing-new)/);
    expect(status.stdout).toMatch(/slot \S+ {2}sent {2}sent 2, failed 0/);
  });
});
