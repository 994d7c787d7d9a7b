// A send killed with SIGKILL mid-delivery, then run again: everyone gets the issue, duplicates only where in doubt.
import { spawn } from "node:child_process";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/fixtures.ts";
import { setupNewsletter, type TestNewsletter } from "../helpers/newsletter.ts";
import { startSmtpServer, type TestSmtpServer } from "../helpers/smtpServer.ts";

const BIN = path.resolve("bin/leadline.js");
const NOW = "2026-11-25T12:30:00Z";

describe("a send killed mid-delivery", () => {
  let smtp: TestSmtpServer;
  let newsletter: TestNewsletter;
  afterEach(async () => {
    await smtp.close();
    newsletter.temp.remove();
  });

  it("resumes: every subscriber gets the issue, and no one twice except those reported in doubt", async () => {
    let kill: (() => void) | undefined;
    // The kill happens while the server holds message 60 unanswered: the sender cannot know it arrived.
    smtp = await startSmtpServer({ beforeReply: (_m, count) => count === 60 && kill?.() });
    newsletter = setupNewsletter({ subscribers: 200, smtpUrl: smtp.url, config: { smtp: { url: smtp.url, maxConnections: 3 } } });

    const child = spawn(process.execPath, [BIN, "--config", newsletter.config, "--now", NOW, "send"], { stdio: "ignore" });
    kill = () => child.kill("SIGKILL");
    const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, s) => resolve(s)));
    expect(signal).toBe("SIGKILL");
    const beforeResume = smtp.messages.length;
    expect(beforeResume).toBeGreaterThanOrEqual(60);
    expect(beforeResume).toBeLessThan(200);
    const status = await runCli(["--config", newsletter.config, "--now", NOW, "status"]);
    expect(status.stdout).toMatch(/slot 2026-11-25T12:00:00Z {2}ended without a result \(the process stopped\)/);

    const resumed = await runCli(["--config", newsletter.config, "--now", NOW, "send"]);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain("(resumed)");
    const inDoubt = Number(/(\d+) in doubt/.exec(resumed.stdout)?.[1] ?? 0);
    expect(inDoubt).toBeGreaterThanOrEqual(1);

    const copies = new Map<string, number>();
    for (const m of smtp.messages) copies.set(m.envelopeTo[0]!, (copies.get(m.envelopeTo[0]!) ?? 0) + 1);
    expect([...copies.keys()].sort()).toEqual(newsletter.addresses);
    const duplicates = [...copies.values()].filter((n) => n > 1).length;
    expect(Math.max(...copies.values())).toBeLessThanOrEqual(2);
    expect(duplicates).toBeLessThanOrEqual(inDoubt);

    const db = new Database(newsletter.store, { readonly: true });
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    const journal = db.prepare("SELECT status, COUNT(*) AS n FROM deliveries GROUP BY status").all();
    db.close();
    expect(journal).toEqual([{ status: "sent", n: 200 }]);

    const third = await runCli(["--config", newsletter.config, "--now", NOW, "send"]);
    expect(third.stdout).toContain("sent 0, failed 0, skipped 200");
  });
});
