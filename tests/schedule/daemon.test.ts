// `leadline run` as a child process: a 6-field schedule every 2 s, one issue per slot, /healthz, clean SIGTERM.
import { spawn } from "node:child_process";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { makeTempDir, rssFeed, runCli, writeConfig, type TempDir } from "../helpers/fixtures.ts";
import { startHttpServer, type TestHttpServer } from "../helpers/httpServer.ts";
import { setupNewsletter, type TestNewsletter } from "../helpers/newsletter.ts";
import { runLogLine } from "../helpers/runLogLine.ts";
import { closedPort } from "../helpers/ports.ts";
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
    // Under load a 2-s slot may be overtaken by the send before it, and is recorded missed.
    expect(status.stdout).toMatch(/last runs:\n {2}\S+ {2}slot \S+ {2}(sent|interrupted|nothing-new|missed)/);
    expect(status.stdout).toMatch(/slot \S+ {2}sent {2}sent 2, failed 0/);
  });
});

describe("leadline run stopped while a send cannot finish", () => {
  let smtp: TestSmtpServer;
  let newsletter: TestNewsletter;
  afterEach(async () => {
    await smtp.close();
    newsletter.temp.remove();
  });

  it("past the grace (LEADLINE_SHUTDOWN_GRACE_SECONDS), says what it leaves in doubt, records the run as interrupted and exits 75", async () => {
    let firstMessage: (() => void) | undefined;
    const arrived = new Promise<void>((resolve) => (firstMessage = resolve));
    // Holds every reply for good: the messages in flight never finish, whatever the grace.
    smtp = await startSmtpServer({ beforeReply: () => (firstMessage?.(), new Promise(() => {})) });
    newsletter = setupNewsletter({ subscribers: 5, smtpUrl: smtp.url });
    // The real clock (run takes no --now): every minute, so at start the current minute's slot is sent.
    writeConfig(newsletter.temp, {
      feeds: [{ url: "news.rss", name: "News" }],
      smtp: { url: smtp.url },
      schedule: { cron: "* * * * *", timezone: "UTC" },
      server: { port: await closedPort() },
    });
    const child = spawn(process.execPath, [BIN, "--config", newsletter.config, "run"], { env: { ...process.env, LEADLINE_SHUTDOWN_GRACE_SECONDS: "2" } });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    await arrived;
    child.kill("SIGTERM");
    expect(await exited).toBe(75);

    const said = "SIGTERM and the 2 s grace ran out with 5 message(s) in flight or not yet recorded: they are in doubt, and the next leadline send sends them again";
    expect(stderr).toContain(`${said}; exiting with 75`);
    const runLine = runLogLine(stderr);
    expect(runLine).toMatchObject({ level: 40, outcome: "interrupted", inDoubt: 5 });
    const status = JSON.parse((await runCli(["--config", newsletter.config, "status", "--json"])).stdout);
    expect(status.lastRuns[0]).toMatchObject({ slot: runLine.slot, outcome: "interrupted", inDoubt: 5, message: said });
  }, 60_000);
});

describe("leadline run when a send outlasts the next firings", () => {
  let smtp: TestSmtpServer;
  let newsletter: TestNewsletter;
  let child: ReturnType<typeof spawn> | undefined;
  afterEach(async () => {
    child?.kill("SIGKILL");
    await smtp.close();
    newsletter.temp.remove();
  });

  it("runs the latest slot when the send ends, and records and logs the slot it overtook as missed", async () => {
    let stderr = "";
    const firingsDuringRun = () => stderr.match(/is still going; the latest slot runs when it ends/g)?.length ?? 0;
    let released: (() => void) | undefined;
    const twoFirings = new Promise<void>((resolve) => (released = resolve));
    // The first message's reply waits until cron has fired twice more during its run.
    smtp = await startSmtpServer({ beforeReply: (_message, count) => (count === 1 ? twoFirings : undefined) });
    newsletter = setupNewsletter({ subscribers: 1, smtpUrl: smtp.url });
    writeConfig(newsletter.temp, {
      feeds: [{ url: "news.rss", name: "News" }],
      smtp: { url: smtp.url },
      schedule: { cron: "*/2 * * * * *", timezone: "UTC" },
      server: { port: await closedPort() },
    });
    child = spawn(process.execPath, [BIN, "--config", newsletter.config, "run"]);
    const missedLine = new Promise<Record<string, unknown>>((resolve) => {
      child!.stderr!.on("data", (d: Buffer) => {
        stderr += d;
        if (firingsDuringRun() >= 2) released?.();
        const missed = stderr.split("\n").find((line) => line.includes('"outcome":"missed"'));
        if (missed) resolve(JSON.parse(missed));
      });
    });
    const exited = new Promise<number | null>((resolve) => child!.on("exit", (code) => resolve(code)));
    const missed = await missedLine;
    child.kill("SIGTERM");
    expect(await exited).toBe(0);

    // The two slots cron fired during the first run: the earlier is skipped, the later runs next.
    const [skipped, latest] = [...stderr.matchAll(/"msg":"slot (\S+): the run of slot \S+ is still going/g)].map((m) => m[1]!);
    expect(missed).toMatchObject({ level: 40, slot: skipped, outcome: "missed" });
    expect(String(missed.msg)).toMatch(new RegExp(`^slot ${skipped}: missed: the run of slot \\S+ was still going at its time, and slot \\S+ had come by its end; skipped \\(send it anyway with --slot ${skipped}\\)$`));
    expect(Date.parse(latest!)).toBeGreaterThan(Date.parse(skipped!));
    const status = JSON.parse((await runCli(["--config", newsletter.config, "status", "--json"])).stdout);
    expect(status.lastRuns.map((run: { slot: string; outcome: string }) => `${run.slot} ${run.outcome}`)).toContain(`${skipped} missed`);
  }, 60_000);
});
