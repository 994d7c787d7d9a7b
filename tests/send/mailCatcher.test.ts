// The built-in mail catcher: messages land in outbox/, and a client that resets its connection does not bring it down.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startMailCatcher, type MailCatcher } from "../../src/send/mailCatcher.ts";
import { openSmtpPool } from "../../src/send/smtpPool.ts";

describe("mail catcher", () => {
  let dir: string;
  let catcher: MailCatcher;
  afterEach(async () => {
    await catcher.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("survives a client that resets its connection mid-session, and keeps writing messages", async () => {
    dir = mkdtempSync(path.join(tmpdir(), "leadline-catcher-"));
    catcher = await startMailCatcher(path.join(dir, "outbox"));
    const { port } = new URL(catcher.url);
    // A sender killed in the middle of a transaction (smtp-server reports a reset only then): the
    // kernel answers the server with a reset.
    await new Promise<void>((resolve) => {
      const socket = connect(Number(port), "127.0.0.1");
      const commands = ["EHLO crashed.example\r\n", "MAIL FROM:<news@example.org>\r\n"];
      let replies = "";
      socket.on("data", (chunk) => {
        replies += String(chunk);
        // A reply is complete at its last line: the code followed by a space ("250-" lines go before it).
        if (!/(^|\r\n)\d{3} [^\r\n]*\r\n$/.test(replies)) return;
        replies = "";
        const next = commands.shift();
        if (next) return void socket.write(next);
        socket.resetAndDestroy();
        // The reset reaches the server within this turn of its event loop.
        setImmediate(resolve);
      });
    });
    const pool = openSmtpPool({ url: catcher.url, maxConnections: 1, connectionTimeout: 5000, greetingTimeout: 5000, socketTimeout: 5000 });
    const raw = Buffer.from("From: news@example.org\r\nTo: reader@example.net\r\nSubject: after the reset\r\n\r\nstill here\r\n");
    await pool.send(raw, { from: "news@example.org", to: "reader@example.net" });
    pool.close();
    expect(catcher.files).toHaveLength(1);
    expect(readFileSync(catcher.files[0]!, "utf8")).toContain("Subject: after the reset");
  });
});
