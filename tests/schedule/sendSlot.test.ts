// `leadline send` as system cron calls it: one issue per slot, grace for late calls, a lease between processes.
import { spawn } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { LEADLINE_BIN, rssFeed, runBin, runCli, writeConfig } from "../helpers/fixtures.ts";
import { setupNewsletter, type TestNewsletter } from "../helpers/newsletter.ts";
import { runLogLine } from "../helpers/runLogLine.ts";
import { startSmtpServer, type TestSmtpServer } from "../helpers/smtpServer.ts";

const BIN = LEADLINE_BIN;

const leadline = runBin;

describe("leadline send for a schedule slot", () => {
  let smtp: TestSmtpServer;
  let newsletter: TestNewsletter;
  afterEach(async () => {
    await smtp.close();
    newsletter.temp.remove();
  });

  /** `leadline send` in a child process, to be SIGTERMed mid-send (from the SMTP server's hook). */
  const spawnSend = (config: string, env: Record<string, string> = {}) => {
    const child = spawn(process.execPath, [BIN, "--config", config, "--now", "2026-11-25T12:30:00Z", "send"], { env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d));
    child.stderr.on("data", (d: Buffer) => (stderr += d));
    const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on("exit", (code) => resolve({ code, stdout, stderr })));
    return { terminate: () => child.kill("SIGTERM"), exited };
  };
  /** Replaces the held-up server with one that answers, and runs `leadline send` again for the slot. */
  const sendAgainToAnsweringServer = async () => {
    const held = smtp;
    smtp = await startSmtpServer();
    await held.close();
    writeConfig(newsletter.temp, { feeds: [{ url: "news.rss", name: "News" }], smtp: { url: smtp.url } });
    return runCli(["--config", newsletter.config, "--now", "2026-11-25T12:40:00Z", "send"]);
  };
  const copiesPerAddress = () => {
    const copies = new Map<string, number>();
    for (const m of smtp.messages) copies.set(m.envelopeTo[0]!, (copies.get(m.envelopeTo[0]!) ?? 0) + 1);
    return copies;
  };

  it("two processes started together for one slot deliver one copy per subscriber", async () => {
    smtp = await startSmtpServer();
    newsletter = setupNewsletter({ subscribers: 40, smtpUrl: smtp.url });
    const args = ["--config", newsletter.config, "--now", "2026-11-25T12:30:00Z", "send"];
    const [a, b] = await Promise.all([leadline(args), leadline(args)]);
    expect([a.code, b.code]).toEqual([0, 0]);
    const copies = copiesPerAddress();
    expect([...copies.keys()].sort()).toEqual(newsletter.addresses);
    expect(Math.max(...copies.values())).toBe(1);
    // One of them sent everything; the other waited for the lease and found the issue done.
    expect([a.stdout, b.stdout].some((o) => o.includes("sent 40, failed 0"))).toBe(true);
    expect([a.stdout, b.stdout].some((o) => o.includes("sent 0, failed 0, skipped 40"))).toBe(true);
  });

  it("called late but inside the grace period, sends the slot once; past it, skips and says so", async () => {
    smtp = await startSmtpServer();
    newsletter = setupNewsletter({ subscribers: 2, smtpUrl: smtp.url });
    writeConfig(newsletter.temp, {
      feeds: [{ url: "news.rss" }],
      smtp: { url: smtp.url },
      schedule: { cron: "0 12 * * *", timezone: "UTC", graceMinutes: 60 },
    });
    const late = await runCli(["--config", newsletter.config, "--now", "2026-11-25T12:45:00Z", "send"]);
    expect(late.code).toBe(0);
    expect(late.stdout).toContain("slot 2026-11-25T12:00:00Z");
    expect(late.stdout).toContain("sent 2, failed 0");
    const again = await runCli(["--config", newsletter.config, "--now", "2026-11-25T12:50:00Z", "send"]);
    expect(again.stdout).toContain("sent 0, failed 0, skipped 2");

    const tooLate = await runCli(["--config", newsletter.config, "--now", "2026-11-26T14:00:00Z", "send"]);
    expect(tooLate.code).toBe(0);
    expect(tooLate.stdout).toContain("slot 2026-11-26T12:00:00Z is 120 min old, past the 60-min grace period; skipped");
    expect(smtp.messages).toHaveLength(2);

    const status = await runCli(["--config", newsletter.config, "--now", "2026-11-26T14:00:00Z", "status", "--json"]);
    const report = JSON.parse(status.stdout);
    expect(report.lastRuns.map((r: { slot: string; outcome: string; sent: number }) => [r.slot, r.outcome, r.sent])).toEqual([
      ["2026-11-26T12:00:00Z", "missed", 0],
      ["2026-11-25T12:00:00Z", "sent", 0],
      ["2026-11-25T12:00:00Z", "sent", 2],
    ]);
    expect(report.nextRun).toBe("2026-11-27T12:00:00Z");
  });

  it("skips a slot earlier than an issue already built: a changed schedule.cron sends no second issue that day", async () => {
    smtp = await startSmtpServer();
    newsletter = setupNewsletter({ subscribers: 1, smtpUrl: smtp.url });
    expect((await runCli(["--config", newsletter.config, "--now", "2026-11-25T12:05:00Z", "send"])).stdout).toContain("sent 1, failed 0");
    writeConfig(newsletter.temp, { feeds: [{ url: "news.rss" }], smtp: { url: smtp.url }, schedule: { cron: "30 11 * * *", timezone: "UTC" } });
    const again = await runCli(["--config", newsletter.config, "--now", "2026-11-25T12:10:00Z", "send"]);
    expect(again.stdout).toContain(
      "slot 2026-11-25T11:30:00Z comes before slot 2026-11-25T12:00:00Z, whose issue is already built (schedule.cron or schedule.timezone changed?); skipped (send it anyway with --slot 2026-11-25T11:30:00Z)",
    );
    expect(smtp.messages).toHaveLength(1);
  });

  it("warns when newsletter.name changes, which starts the newsletter's history afresh in its store", async () => {
    smtp = await startSmtpServer();
    newsletter = setupNewsletter({ subscribers: 1, smtpUrl: smtp.url });
    await runCli(["--config", newsletter.config, "--now", "2026-11-25T12:05:00Z", "send"]);
    const renamed = { name: "The Test Brief", from: "Test Brief <news@example.org>", siteUrl: "https://news.example.org" };
    writeConfig(newsletter.temp, { feeds: [{ url: "news.rss" }], smtp: { url: smtp.url }, newsletter: renamed });
    const again = await runCli(["--config", newsletter.config, "--now", "2026-11-26T12:05:00Z", "send"]);
    expect(again.stderr).toContain(
      'warning: the first issue of "The Test Brief" in a store that holds issues of "Test Brief": if newsletter.name was renamed, this issue does not know what the old name sent',
    );
  });

  it("sends nothing for a slot with nothing new", async () => {
    smtp = await startSmtpServer();
    newsletter = setupNewsletter({ subscribers: 2, smtpUrl: smtp.url });
    expect((await runCli(["--config", newsletter.config, "--now", "2026-11-25T12:30:00Z", "send"])).stdout).toContain("sent 2");
    const next = await runCli(["--config", newsletter.config, "--now", "2026-11-26T12:30:00Z", "send"]);
    expect(next.code).toBe(0);
    expect(next.stdout).toContain("slot 2026-11-26T12:00:00Z: nothing to send");
    expect(smtp.messages).toHaveLength(2);
    // A later call past the grace (a daemon restarting) finds it was run in time: not "missed", nobody paged.
    const late = await leadline(["--config", newsletter.config, "--now", "2026-11-26T15:00:00Z", "send"]);
    expect(runLogLine(late.stderr)).toMatchObject({ level: 30, outcome: "nothing-new" });
  });

  it("with no active subscribers builds and stores nothing, so the stories wait for the first subscribers", async () => {
    smtp = await startSmtpServer();
    newsletter = setupNewsletter({ subscribers: 0, smtpUrl: smtp.url });
    const args = ["--config", newsletter.config, "--now", "2026-11-25T12:30:00Z", "send"];
    const empty = await runCli(args);
    expect(empty.code).toBe(0);
    expect(empty.stdout).toContain("slot 2026-11-25T12:00:00Z: no active subscribers, so no issue is built and its stories wait for the next one");
    expect((await runCli(["--config", newsletter.config, "subscribers", "add", "ada@example.org"])).code).toBe(0);
    const sent = await runCli(args);
    expect(sent.stdout).toContain(': Lead story"');
    expect(sent.stdout).toContain("sent 1, failed 0");
  });

  it("refuses a LEADLINE_SHUTDOWN_GRACE_SECONDS that is not a number of seconds, before sending anything", async () => {
    smtp = await startSmtpServer();
    newsletter = setupNewsletter({ subscribers: 2, smtpUrl: smtp.url });
    const args = ["--config", newsletter.config, "--now", "2026-11-25T12:30:00Z", "send"];
    for (const given of ["abc", "0", "-5", "0x10", "2e3", "86401"]) {
      const result = await runCli(args, { LEADLINE_SHUTDOWN_GRACE_SECONDS: given });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`LEADLINE_SHUTDOWN_GRACE_SECONDS: expected a number of seconds above 0, at most 86400, got "${given}"`);
    }
    const dryRun = await runCli([...args, "--dry-run"], { LEADLINE_SHUTDOWN_GRACE_SECONDS: "abc" });
    expect(dryRun.code).toBe(1);
    expect(smtp.messages).toHaveLength(0);
    expect((await runCli(args, { LEADLINE_SHUTDOWN_GRACE_SECONDS: "2.5" })).stdout).toContain("sent 2");
    // The daemon, the unsubscribe server and the preview check it as they start.
    const daemon = await runBin(["--config", newsletter.config, "run"], undefined, { LEADLINE_SHUTDOWN_GRACE_SECONDS: "30s" });
    expect(daemon.code).toBe(1);
    expect(daemon.stderr.trim()).toBe('leadline: LEADLINE_SHUTDOWN_GRACE_SECONDS: expected a number of seconds above 0, at most 86400, got "30s"');
  });

  it("on SIGTERM finishes the messages in flight, exits 0, and a later run completes the issue", async () => {
    let terminate: (() => void) | undefined;
    smtp = await startSmtpServer({ beforeReply: (_m, count) => count === 30 && terminate?.() });
    newsletter = setupNewsletter({ subscribers: 150, smtpUrl: smtp.url, config: { smtp: { url: smtp.url, maxConnections: 2 } } });
    const send = spawnSend(newsletter.config);
    terminate = send.terminate;
    const { code, stdout } = await send.exited;
    expect(code).toBe(0);
    expect(stdout).toMatch(/interrupted: \d+ subscriber\(s\) not yet sent/);
    const firstRun = smtp.messages.length;
    expect(firstRun).toBeLessThan(150);

    const rest = await runCli(["--config", newsletter.config, "--now", "2026-11-25T12:40:00Z", "send"]);
    expect(rest.stdout).toContain(`sent ${150 - firstRun}, failed 0, skipped ${firstRun}`);
    expect(rest.stdout).not.toContain("in doubt");
    const copies = copiesPerAddress();
    expect([...copies.keys()].sort()).toEqual(newsletter.addresses);
    expect(Math.max(...copies.values())).toBe(1);
  });

  it("on SIGTERM under a slow smtp.rateLimit, stops the messages still waiting for a turn: reported interrupted, none in doubt", async () => {
    let terminate: (() => void) | undefined;
    smtp = await startSmtpServer({ beforeReply: (_m, count) => count === 1 && terminate?.() });
    // 12 messages queue for their turn: at one per 4 s they would outlast the 30 s shutdown grace.
    newsletter = setupNewsletter({ subscribers: 20, smtpUrl: smtp.url, config: { smtp: { url: smtp.url, maxConnections: 2, rateLimit: 0.25 } } });
    const send = spawnSend(newsletter.config);
    terminate = send.terminate;
    const { code, stdout } = await send.exited;
    expect(code).toBe(0);
    expect(stdout).toMatch(/interrupted: \d+ subscriber\(s\) not yet sent/);
    const firstRun = smtp.messages.length;
    // The message that triggered the signal, and at most the one whose turn had come: not the 8 in flight.
    expect(firstRun).toBeLessThanOrEqual(2);

    writeConfig(newsletter.temp, { feeds: [{ url: "news.rss", name: "News" }], smtp: { url: smtp.url } });
    const rest = await runCli(["--config", newsletter.config, "--now", "2026-11-25T12:40:00Z", "send"]);
    expect(rest.stdout).toContain(`sent ${20 - firstRun}, failed 0, skipped ${firstRun}`);
    expect(rest.stdout).not.toContain("in doubt");
    const copies = copiesPerAddress();
    expect([...copies.keys()].sort()).toEqual(newsletter.addresses);
    expect(Math.max(...copies.values())).toBe(1);
  }, 60_000);

  it("on SIGTERM with every reply held past the grace (LEADLINE_SHUTDOWN_GRACE_SECONDS), says what it leaves in doubt, records the run as interrupted and exits 75", async () => {
    let terminate: (() => void) | undefined;
    // Holds every reply for good: the messages in flight never finish, whatever the grace.
    smtp = await startSmtpServer({ beforeReply: (_m, count) => (count === 1 && terminate?.(), new Promise(() => {})) });
    newsletter = setupNewsletter({ subscribers: 5, smtpUrl: smtp.url });
    const send = spawnSend(newsletter.config, { LEADLINE_SHUTDOWN_GRACE_SECONDS: "2" });
    terminate = send.terminate;
    const { code, stderr } = await send.exited;
    expect(code).toBe(75);
    const said = "SIGTERM and the 2 s grace ran out with 5 message(s) in flight or not yet recorded: they are in doubt, and the next leadline send sends them again";
    expect(stderr).toContain(`${said}; exiting with 75`);
    const runLine = runLogLine(stderr);
    expect(runLine).toMatchObject({ level: 40, slot: "2026-11-25T12:00:00Z", outcome: "interrupted", sent: 0, failed: 0, inDoubt: 5, msg: `slot 2026-11-25T12:00:00Z: interrupted: ${said}` });

    const status = JSON.parse((await runCli(["--config", newsletter.config, "--now", "2026-11-25T12:35:00Z", "status", "--json"])).stdout);
    expect(status.lastRuns[0]).toMatchObject({ outcome: "interrupted", inDoubt: 5, message: said });
    expect(status.sendInProgress).toBe(false);

    // The journal is consistent: the next send (to a server that answers) sends the five again, as in doubt.
    const rest = await sendAgainToAnsweringServer();
    expect(rest.stdout).toContain("sent 5, failed 0, skipped 0 (already sent), 5 in doubt from an interrupted run (sent again)");
  }, 60_000);

  it("past the grace, records the replies that came: only the messages still unanswered are in doubt and sent again", async () => {
    let terminate: (() => void) | undefined;
    // Three messages are answered (SIGTERM goes out just before the third reply); later replies are held for good.
    smtp = await startSmtpServer({ beforeReply: (_m, count) => (count < 3 ? undefined : count === 3 ? terminate?.() : new Promise(() => {})) });
    newsletter = setupNewsletter({ subscribers: 5, smtpUrl: smtp.url });
    const send = spawnSend(newsletter.config, { LEADLINE_SHUTDOWN_GRACE_SECONDS: "2" });
    terminate = send.terminate;
    const { code, stderr } = await send.exited;
    expect(code).toBe(75);
    expect(stderr).toContain("SIGTERM and the 2 s grace ran out with 2 message(s) in flight or not yet recorded");
    expect(runLogLine(stderr)).toMatchObject({ outcome: "interrupted", sent: 3, inDoubt: 2 });
    const answered = smtp.messages.slice(0, 3).map((m) => m.envelopeTo[0]);

    const rest = await sendAgainToAnsweringServer();
    expect(rest.stdout).toContain("sent 2, failed 0, skipped 3 (already sent), 2 in doubt from an interrupted run (sent again)");
    const resent = smtp.messages.map((m) => m.envelopeTo[0]);
    for (const address of answered) expect(resent).not.toContain(address);
  }, 60_000);

  it("logs each run as JSON lines with slot, outcome, counts and duration when not on a terminal", async () => {
    smtp = await startSmtpServer();
    newsletter = setupNewsletter({ subscribers: 3, smtpUrl: smtp.url });
    const result = await leadline(["--config", newsletter.config, "--now", "2026-11-25T12:30:00Z", "send"]);
    const lines = result.stderr.trim().split("\n").map((l) => JSON.parse(l));
    const run = lines.find((l) => l.outcome);
    expect(run).toMatchObject({ level: 30, slot: "2026-11-25T12:00:00Z", outcome: "sent", sent: 3, failed: 0 });
    expect(typeof run.durationMs).toBe("number");
  });
  it("logs a run that needs an operator (missed, failed, interrupted, busy) at warn level", async () => {
    smtp = await startSmtpServer();
    newsletter = setupNewsletter({ subscribers: 1, smtpUrl: smtp.url });
    const result = await leadline(["--config", newsletter.config, "--now", "2026-11-25T15:30:00Z", "send"]);
    const run = result.stderr.trim().split("\n").map((l) => JSON.parse(l)).find((l) => l.outcome);
    expect(run).toMatchObject({ level: 40, outcome: "missed" });
  });

  it("logs a run that fails before sending (every feed failed) as a run line at warn level, with the newsletter", async () => {
    smtp = await startSmtpServer();
    newsletter = setupNewsletter({ subscribers: 1, smtpUrl: smtp.url });
    writeConfig(newsletter.temp, { feeds: [{ url: "missing.rss" }], smtp: { url: smtp.url } });
    const result = await leadline(["--config", newsletter.config, "--now", "2026-11-25T12:30:00Z", "send"]);
    expect(result.code).toBe(1);
    expect(runLogLine(result.stderr)).toMatchObject({ level: 40, slot: "2026-11-25T12:00:00Z", outcome: "error", newsletter: "Test Brief" });
  });

  describe("an issue a run left unfinished", () => {
    /** Every recipient deferred (451) while `refusing` is true: the run leaves the issue in progress. */
    const deferringServer = async () => {
      const state = { refusing: true };
      smtp = await startSmtpServer({ rule: () => (state.refusing ? { code: 451, message: "4.3.0 try again later" } : undefined) });
      return state;
    };
    const issueOf = (message: { parsed: { messageId?: string } }) => /^<(issue-\d+)\./.exec(message.parsed.messageId ?? "")?.[1];

    it("is finished by the next scheduled run within a day, before that run's own slot", async () => {
      const server = await deferringServer();
      newsletter = setupNewsletter({ subscribers: 3, smtpUrl: smtp.url });
      writeConfig(newsletter.temp, { feeds: [{ url: "news.rss" }], smtp: { url: smtp.url, retries: 0 }, schedule: { cron: "0 */6 * * *", timezone: "UTC" } });
      const first = await runCli(["--config", newsletter.config, "--now", "2026-11-25T12:30:00Z", "send"]);
      expect(first.stdout).toContain("sent 0, failed 3");
      server.refusing = false;

      const next = await runCli(["--config", newsletter.config, "--now", "2026-11-25T18:05:00Z", "send"]);
      expect(next.stderr).toContain("the issue for slot 2026-11-25T12:00:00Z was left unfinished with 3 subscriber(s) not yet sent: finishing it before slot 2026-11-25T18:00:00Z");
      expect(next.stdout).toContain("slot 2026-11-25T18:00:00Z: nothing to send");
      expect(smtp.messages.map(issueOf)).toEqual(["issue-1", "issue-1", "issue-1"]);
      expect(smtp.messages.flatMap((m) => m.envelopeTo).sort()).toEqual(newsletter.addresses);
      const status = JSON.parse((await runCli(["--config", newsletter.config, "--now", "2026-11-25T18:06:00Z", "status", "--json"])).stdout);
      expect(status.inProgress).toEqual([]);
    });

    it("can still be finished with --slot after schedule.cron changed, as the warning says", async () => {
      const server = await deferringServer();
      newsletter = setupNewsletter({ subscribers: 2, smtpUrl: smtp.url });
      writeConfig(newsletter.temp, { feeds: [{ url: "news.rss" }], smtp: { url: smtp.url, retries: 0 } });
      await runCli(["--config", newsletter.config, "--now", "2026-11-25T12:30:00Z", "send"]);
      server.refusing = false;
      writeConfig(newsletter.temp, { feeds: [{ url: "news.rss" }], smtp: { url: smtp.url, retries: 0 }, schedule: { cron: "30 6 * * *", timezone: "UTC" } });
      const finish = await runCli(["--config", newsletter.config, "--now", "2026-11-26T12:40:00Z", "send", "--slot", "2026-11-25T12:00:00Z"]);
      expect(finish.stdout).toContain("sent 2, failed 0");
      // Any other instant that is no slot of the new cron is still refused.
      const other = await runCli(["--config", newsletter.config, "--now", "2026-11-26T12:40:00Z", "send", "--slot", "2026-11-24T12:00:00Z"]);
      expect(other.stderr).toContain("is not a slot of schedule.cron");
    });

    it("counts in the run's exit code and summary when finishing it fails", async () => {
      const state = { reply: { code: 451, message: "4.3.0 try again later" } };
      smtp = await startSmtpServer({ rule: () => state.reply });
      newsletter = setupNewsletter({ subscribers: 2, smtpUrl: smtp.url });
      writeConfig(newsletter.temp, { feeds: [{ url: "news.rss" }], smtp: { url: smtp.url, retries: 0 }, schedule: { cron: "0 */6 * * *", timezone: "UTC" } });
      await runCli(["--config", newsletter.config, "--now", "2026-11-25T12:30:00Z", "send"]);
      state.reply = { code: 554, message: "5.7.1 rejected" };
      const next = await runCli(["--config", newsletter.config, "--now", "2026-11-25T18:05:00Z", "send"]);
      expect(next.code).toBe(1);
      expect(next.stdout).toContain("slot 2026-11-25T12:00:00Z: \"Test Brief: Lead story\" (resumed)\nsent 0, failed 2");
      expect(next.stdout).toContain("slot 2026-11-25T18:00:00Z: nothing to send");
    });

    it("is reported, not sent, once it is a day old; --slot still finishes it", async () => {
      const server = await deferringServer();
      newsletter = setupNewsletter({ subscribers: 2, smtpUrl: smtp.url });
      writeConfig(newsletter.temp, { feeds: [{ url: "news.rss" }], smtp: { url: smtp.url, retries: 0 } });
      await runCli(["--config", newsletter.config, "--now", "2026-11-25T12:30:00Z", "send"]);
      server.refusing = false;

      const nextDay = await runCli(["--config", newsletter.config, "--now", "2026-11-26T12:30:00Z", "send"]);
      expect(nextDay.stderr).toContain(
        'the issue for slot 2026-11-25T12:00:00Z ("Test Brief: Lead story") was left unfinished with 2 subscriber(s) not yet sent; it is more than 24 h old, so it is not sent automatically: `leadline send --slot 2026-11-25T12:00:00Z` finishes it',
      );
      expect(smtp.messages).toHaveLength(0);

      const finish = await runCli(["--config", newsletter.config, "--now", "2026-11-26T12:40:00Z", "send", "--slot", "2026-11-25T12:00:00Z"]);
      expect(finish.stdout).toContain("sent 2, failed 0");
      expect(smtp.messages.map(issueOf)).toEqual(["issue-1", "issue-1"]);
    });

    it("counts the day on the schedule's clock: on the morning clocks go forward, yesterday's issue is a day old (23 h of real time)", async () => {
      const server = await deferringServer();
      newsletter = setupNewsletter({ subscribers: 2, smtpUrl: smtp.url });
      const story = (guid: string, date: string) => ({ title: `Story ${guid}`, guid, date, description: "Summary." });
      newsletter.temp.file("news.rss", rssFeed("News", [story("a", "Sat, 27 Mar 2027 05:00:00 GMT"), story("b", "Sat, 27 Mar 2027 04:00:00 GMT")]));
      writeConfig(newsletter.temp, { feeds: [{ url: "news.rss" }], smtp: { url: smtp.url, retries: 0 }, schedule: { cron: "0 7 * * *", timezone: "Europe/Berlin" } });
      // 07:00 CET on Saturday is 06:00Z; 07:00 CEST on Sunday is 05:00Z.
      await runCli(["--config", newsletter.config, "--now", "2027-03-27T06:10:00Z", "send"]);
      server.refusing = false;
      newsletter.temp.file("news.rss", rssFeed("News", [story("c", "Sun, 28 Mar 2027 04:00:00 GMT"), story("d", "Sun, 28 Mar 2027 03:00:00 GMT")]));

      const sunday = await runCli(["--config", newsletter.config, "--now", "2027-03-28T05:10:00Z", "send"]);
      expect(sunday.stderr).toContain("the issue for slot 2027-03-27T06:00:00Z (\"Test Brief: Story a\") was left unfinished with 2 subscriber(s) not yet sent; it is more than 24 h old");
      expect(sunday.stdout).toContain("slot 2027-03-28T05:00:00Z");
      expect(smtp.messages.map(issueOf)).toEqual(["issue-2", "issue-2"]);
    });
  });
});
