// schedule.requireApproval: a slot's issue waits for an editor until its deadline, then skips or sends.
import { afterEach, describe, expect, it } from "vitest";
import { rssFeed, runCli, writeConfig } from "../helpers/fixtures.ts";
import { setupNewsletter, type TestNewsletter } from "../helpers/newsletter.ts";
import { startSmtpServer, type TestSmtpServer } from "../helpers/smtpServer.ts";

describe("approval before sending", () => {
  let smtp: TestSmtpServer;
  let newsletter: TestNewsletter;
  afterEach(async () => {
    await smtp.close();
    newsletter.temp.remove();
  });

  async function setup(onDeadline: "skip" | "send") {
    smtp = await startSmtpServer();
    newsletter = setupNewsletter({ subscribers: 2, smtpUrl: smtp.url });
    writeConfig(newsletter.temp, {
      feeds: [{ url: "news.rss" }],
      smtp: { url: smtp.url },
      schedule: { cron: "0 12 * * *", timezone: "UTC", requireApproval: true, approvalDeadlineMinutes: 60, onDeadline },
    });
  }
  const send = (now: string) => runCli(["--config", newsletter.config, "--now", now, "send"]);

  it("waits for `leadline approve`, then sends", async () => {
    await setup("skip");
    const waiting = await send("2026-11-25T12:05:00Z");
    expect(waiting.code).toBe(0);
    expect(waiting.stdout).toContain("waits for `leadline approve` until 2026-11-25T13:00:00.000Z");
    expect(smtp.messages).toHaveLength(0);
    const approved = await runCli(["--config", newsletter.config, "--now", "2026-11-25T12:10:00Z", "approve"]);
    expect(approved.stdout).toBe("approved the issue for slot 2026-11-25T12:00:00Z");
    expect((await send("2026-11-25T12:11:00Z")).stdout).toContain("sent 2, failed 0");
  });

  it("an editor's approval before the slot counts for the next slot", async () => {
    await setup("skip");
    const early = await runCli(["--config", newsletter.config, "--now", "2026-11-25T11:30:00Z", "approve"]);
    expect(early.stdout).toBe("approved the issue for slot 2026-11-25T12:00:00Z");
    expect((await send("2026-11-25T12:00:30Z")).stdout).toContain("sent 2, failed 0");
  });

  it("does not send a held issue", async () => {
    await setup("send");
    await runCli(["--config", newsletter.config, "--now", "2026-11-25T12:05:00Z", "hold"]);
    const held = await send("2026-11-25T12:06:00Z");
    expect(held.stdout).toContain("an editor held the issue for slot 2026-11-25T12:00:00Z, so it is not sent (`leadline approve` lifts the hold)");
    const dryRun = await runCli(["--config", newsletter.config, "--now", "2026-11-25T12:06:00Z", "send", "--dry-run"]);
    expect(dryRun.stdout).toBe("dry run: an editor held the issue for slot 2026-11-25T12:00:00Z, so it is not sent (`leadline approve` lifts the hold)");
    expect(smtp.messages).toHaveLength(0);
    // One decision per slot: each replaces the other, and says so.
    const approved = await runCli(["--config", newsletter.config, "--now", "2026-11-25T12:07:00Z", "approve"]);
    expect(approved.stdout).toBe("approved the issue for slot 2026-11-25T12:00:00Z (the hold on it is lifted)");
    const heldAgain = await runCli(["--config", newsletter.config, "--now", "2026-11-25T12:07:00Z", "hold"]);
    expect(heldAgain.stdout).toBe("held the issue for slot 2026-11-25T12:00:00Z (its approval is withdrawn)");
    await runCli(["--config", newsletter.config, "--now", "2026-11-25T12:07:00Z", "approve"]);
    expect((await send("2026-11-25T12:08:00Z")).stdout).toContain("sent 2, failed 0");
  });

  it("does not send a held issue even when approvals are not required, and says an approval is not needed", async () => {
    smtp = await startSmtpServer();
    newsletter = setupNewsletter({ subscribers: 2, smtpUrl: smtp.url });
    const approved = await runCli(["--config", newsletter.config, "--now", "2026-11-24T12:05:00Z", "approve"]);
    expect(approved.stderr).toContain("schedule.requireApproval is off, so sends do not wait for an approval");
    await runCli(["--config", newsletter.config, "--now", "2026-11-25T12:05:00Z", "hold"]);
    const held = await send("2026-11-25T12:06:00Z");
    expect(held.stdout).toContain("an editor held the issue for slot 2026-11-25T12:00:00Z, so it is not sent (`leadline approve` lifts the hold)");
    expect(smtp.messages).toHaveLength(0);
  });

  it("a plain hold after a send stopped part-way holds that issue: the rest of the list waits until approve", async () => {
    // reader00001's server says "later" to every try: the issue stays under way with one subscriber left.
    let deferring = true;
    smtp = await startSmtpServer({ rule: (address) => (deferring && address.startsWith("reader00001") ? { code: 451, message: "4.3.0 Try later" } : undefined) });
    newsletter = setupNewsletter({ subscribers: 3, smtpUrl: smtp.url });
    expect((await send("2026-11-25T12:05:00Z")).stdout).toContain("sent 2, failed 1");
    const cli = (now: string, ...args: string[]) => runCli(["--config", newsletter.config, "--now", now, ...args]);
    const held = await cli("2026-11-25T12:10:00Z", "hold");
    expect(held.stdout).toBe("held the issue for slot 2026-11-25T12:00:00Z\nit is under way (2 subscriber(s) have it already): the rest of the list is not sent while it is held");
    deferring = false;
    const stopped = await send("2026-11-25T12:15:00Z");
    expect(stopped.stdout).toContain("an editor held the issue for slot 2026-11-25T12:00:00Z, under way: the rest of the list is not sent");
    expect(smtp.messages).toHaveLength(2);
    const approved = await cli("2026-11-25T12:20:00Z", "approve");
    expect(approved.stdout).toContain("it is under way (2 subscriber(s) have it already): the next `leadline send` sends the rest");
    expect((await send("2026-11-25T12:25:00Z")).stdout).toContain("sent 1, failed 0, skipped 2");
    // Gone out in full: nothing is left to hold, and hold says so rather than confirming.
    const late = await cli("2026-11-25T12:30:00Z", "hold", "--slot", "2026-11-25T12:00:00Z");
    expect(late.code).toBe(1);
    expect(late.stderr).toMatch(/the issue for slot 2026-11-25T12:00:00Z has gone out \(finished .+\): there is nothing left to hold/);
  });

  it("a plain hold in the hour clocks go back still means the issue under way (its local age is below 0 there)", async () => {
    smtp = await startSmtpServer({ rule: (address) => (address.startsWith("reader00001") ? { code: 451, message: "4.3.0 Try later" } : undefined) });
    newsletter = setupNewsletter({ subscribers: 2, smtpUrl: smtp.url });
    const story = (guid: string) => ({ title: `Story ${guid}`, guid, date: "Sun, 01 Nov 2026 04:00:00 GMT", description: "Summary." });
    newsletter.temp.file("news.rss", rssFeed("News", [story("a"), story("b")]));
    writeConfig(newsletter.temp, { feeds: [{ url: "news.rss" }], smtp: { url: smtp.url, retries: 0 }, schedule: { cron: "30 1 * * *", timezone: "America/New_York" } });
    // 01:30 EDT is 05:30Z; 40 minutes later the clock reads 01:10 EST.
    expect((await send("2026-11-01T05:35:00Z")).stdout).toContain("sent 1, failed 1");
    const held = await runCli(["--config", newsletter.config, "--now", "2026-11-01T06:10:00Z", "hold"]);
    expect(held.stdout).toContain("held the issue for slot 2026-11-01T05:30:00Z\nit is under way");
  });

  it("skips an unapproved issue at the deadline with onDeadline: skip", async () => {
    await setup("skip");
    const late = await send("2026-11-25T13:01:00Z");
    expect(late.stdout).toContain("was not approved by its deadline; skipped");
    expect(smtp.messages).toHaveLength(0);
  });

  it("sends an unapproved issue at the deadline with onDeadline: send", async () => {
    await setup("send");
    expect((await send("2026-11-25T13:01:00Z")).stdout).toContain("sent 2, failed 0");
  });
});

describe("--slot", () => {
  it("refuses anything but an ISO-8601 instant, naming the flag, and normalises the instant to its slot key", async () => {
    const newsletter = setupNewsletter({ subscribers: 1, smtpUrl: "smtp://127.0.0.1:1" });
    try {
      const args = ["--config", newsletter.config, "--now", "2026-11-25T12:30:00Z"];
      for (const command of ["approve", "hold", "send"]) {
        const result = await runCli([...args, command, "--slot", "../../etc/x"]);
        expect(result.code).toBe(1);
        expect(result.stderr).toBe('leadline: --slot: expected an ISO-8601 instant that is a slot of schedule.cron "0 12 * * *" in UTC, such as 2026-11-25T12:00:00Z, got "../../etc/x"');
      }
      expect((await runCli([...args, "approve", "--slot", "2026-11-26T12:00+00:00"])).stdout).toBe("approved the issue for slot 2026-11-26T12:00:00Z");
    } finally {
      newsletter.temp.remove();
    }
  });

  it("refuses an instant that is not a slot of schedule.cron, naming the nearest slots in UTC and local time", async () => {
    const smtp = await startSmtpServer();
    const newsletter = setupNewsletter({ subscribers: 2, smtpUrl: smtp.url, config: { schedule: { cron: "0 7 * * *", timezone: "America/New_York" } } });
    const cli = (now: string, ...args: string[]) => runCli(["--config", newsletter.config, "--now", now, ...args]);
    try {
      // Local 07:00 written with Z: the real slot is 12:00Z, so a hold there would have held nothing.
      const wrongHold = await cli("2026-11-30T06:00:00Z", "hold", "--slot", "2026-11-30T07:00:00Z");
      expect(wrongHold.code).toBe(1);
      expect(wrongHold.stderr).toBe(
        'leadline: --slot: 2026-11-30T07:00:00Z is not a slot of schedule.cron "0 7 * * *" in America/New_York; the nearest are 2026-11-29T12:00:00Z (2026-11-29T07:00:00-05:00) before it and 2026-11-30T12:00:00Z (2026-11-30T07:00:00-05:00) after it',
      );
      expect((await cli("2026-11-29T06:00:00Z", "approve", "--slot", "2026-11-29T07:00:00Z")).stderr).toContain("2026-11-29T07:00:00Z is not a slot of schedule.cron");
      expect((await cli("2026-11-30T06:00:00Z", "send", "--slot", "2026-11-30T12:00:00.500Z")).stderr).toContain("2026-11-30T12:00:00.500Z is not a slot of schedule.cron");
      // The hint's example is the schedule's own slot, in UTC and in local time with its offset.
      expect((await cli("2026-11-30T13:00:00Z", "hold", "--slot", "tomorrow")).stderr).toContain("such as 2026-11-30T12:00:00Z (2026-11-30T07:00:00-05:00), got");

      // The slot written in local time with its offset is the real one: the hold stops that send.
      expect((await cli("2026-11-30T06:00:00Z", "hold", "--slot", "2026-11-30T07:00:00-05:00")).stdout).toBe("held the issue for slot 2026-11-30T12:00:00Z");
      expect((await cli("2026-11-30T12:05:00Z", "send")).stdout).toContain("an editor held the issue for slot 2026-11-30T12:00:00Z, so it is not sent (`leadline approve` lifts the hold)");
      expect((await cli("2026-11-30T12:06:00Z", "approve", "--slot", "2026-11-30T12:00:00Z")).code).toBe(0);
      expect((await cli("2026-11-30T12:07:00Z", "send")).stdout).toContain("sent 2, failed 0");

      // A second issue the same day under an invented slot is refused; nothing more is sent.
      const second = await cli("2026-11-30T14:15:00Z", "send", "--slot", "2026-11-30T09:15:00Z");
      expect(second.code).toBe(1);
      expect(second.stderr).toContain("2026-11-30T09:15:00Z is not a slot of schedule.cron");
      expect(smtp.messages).toHaveLength(2);
    } finally {
      await smtp.close();
      newsletter.temp.remove();
    }
  });
});
