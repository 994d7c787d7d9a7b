import { afterEach, describe, expect, it } from "vitest";
import { createProgress } from "../../src/cli/progress.ts";
import { runCli } from "../helpers/fixtures.ts";
import { setupNewsletter, type TestNewsletter } from "../helpers/newsletter.ts";
import { startSmtpServer, type SmtpServerOptions, type TestSmtpServer } from "../helpers/smtpServer.ts";

describe("send progress when not on a terminal", () => {
  it("logs one line per 1,000 messages and one at the end", () => {
    const lines: string[] = [];
    const progress = createProgress({ info: (l) => lines.push(l), warn: () => {} }, false);
    for (let tried = 1; tried <= 2500; tried++) progress.update({ tried, total: 2500, sent: tried, failed: 0 });
    progress.stop();
    expect(lines.map((l) => l.replace(/, \d+ msg\/s$/, ""))).toEqual([
      "progress: 1000/2500 tried: 1000 sent, 0 failed",
      "progress: 2000/2500 tried: 2000 sent, 0 failed",
      "progress: 2500/2500 tried: 2500 sent, 0 failed",
    ]);
  });
});

describe("send progress of a real send", () => {
  let smtp: TestSmtpServer;
  let newsletter: TestNewsletter;
  afterEach(async () => {
    await smtp.close();
    newsletter.temp.remove();
  });

  async function progressLines(server: SmtpServerOptions): Promise<string[]> {
    smtp = await startSmtpServer(server);
    newsletter = setupNewsletter({ subscribers: 10, smtpUrl: smtp.url });
    const result = await runCli(["--config", newsletter.config, "--now", "2026-11-25T12:30:00Z", "send"]);
    return result.stderr
      .split("\n")
      .filter((l) => l.startsWith("progress:"))
      .map((l) => l.replace(/, \d+ msg\/s$/, ""));
  }

  it("counts the messages refused as failed, not as sent", async () => {
    const lines = await progressLines({ rule: (address) => (/reader0000[12]@/.test(address) ? { code: 550, message: "5.1.1 No such mailbox" } : undefined) });
    expect(lines).toEqual(["progress: 10/10 tried: 8 sent, 2 failed"]);
  });

  it("says none were sent when the server refuses our sender", async () => {
    const lines = await progressLines({ refuseSender: () => ({ code: 550, message: "5.7.1 Sender domain not allowed" }) });
    expect(lines).toEqual(["progress: 10/10 tried: 0 sent, 0 failed, 10 not sent"]);
    expect(smtp.messages).toHaveLength(0);
  });
});
