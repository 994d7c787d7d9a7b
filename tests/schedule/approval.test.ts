// schedule.requireApproval: a slot's issue waits for an editor until its deadline, then skips or sends.
import { afterEach, describe, expect, it } from "vitest";
import { runCli, writeConfig } from "../helpers/fixtures.ts";
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
    expect(held.stdout).toContain("an editor held the issue for slot 2026-11-25T12:00:00Z; not sent");
    expect(smtp.messages).toHaveLength(0);
  });

  it("does not send a held issue even when approvals are not required, and says an approval is not needed", async () => {
    smtp = await startSmtpServer();
    newsletter = setupNewsletter({ subscribers: 2, smtpUrl: smtp.url });
    const approved = await runCli(["--config", newsletter.config, "--now", "2026-11-24T12:05:00Z", "approve"]);
    expect(approved.stderr).toContain("schedule.requireApproval is off, so sends do not wait for an approval");
    await runCli(["--config", newsletter.config, "--now", "2026-11-25T12:05:00Z", "hold"]);
    const held = await send("2026-11-25T12:06:00Z");
    expect(held.stdout).toContain("an editor held the issue for slot 2026-11-25T12:00:00Z; not sent");
    expect(smtp.messages).toHaveLength(0);
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
        expect(result.stderr).toContain('--slot: expected an ISO-8601 instant such as 2026-11-25T07:00:00Z, got "../../etc/x"');
      }
      expect((await runCli([...args, "approve", "--slot", "2026-11-26T12:00+00:00"])).stdout).toBe("approved the issue for slot 2026-11-26T12:00:00Z");
    } finally {
      newsletter.temp.remove();
    }
  });
});
