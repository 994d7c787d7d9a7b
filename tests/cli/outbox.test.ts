// No SMTP configured (the quick start): `leadline send` delivers to the built-in mail catcher, which writes each message to outbox/.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { simpleParser } from "mailparser";
import { afterEach, describe, expect, it } from "vitest";
import { makeTempDir, rssFeed, runCli, writeConfig, type TempDir } from "../helpers/fixtures.ts";

const NOW = "2026-11-25T12:30:00Z";

describe("send without an SMTP server", () => {
  let temp: TempDir;
  afterEach(() => temp.remove());

  it("writes one .eml per subscriber to the outbox, says where, and writes nothing more on a second run", async () => {
    temp = makeTempDir();
    temp.file("news.rss", rssFeed("News", [{ title: "Harbour bridge reopens", guid: "n1", date: "Wed, 25 Nov 2026 10:00:00 GMT", description: "Traffic flows again." }]));
    const config = writeConfig(temp, { feeds: [{ url: "news.rss", name: "News" }], outbox: "outbox" });
    for (const email of ["ada@example.org", "grace@example.org"]) expect((await runCli(["--config", config, "subscribers", "add", email])).code).toBe(0);

    const first = await runCli(["--config", config, "--now", NOW, "send"]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain("sent 2, failed 0");
    const outbox = path.join(temp.dir, "outbox");
    expect(first.stdout).toContain(`no SMTP server configured: the message(s) were written to ${outbox}/`);
    const files = readdirSync(outbox).filter((f) => f.endsWith(".eml"));
    expect(files).toHaveLength(2);
    const recipients = [];
    for (const file of files) {
      const parsed = await simpleParser(readFileSync(path.join(outbox, file)));
      expect(parsed.subject).toBe("Test Brief: Harbour bridge reopens");
      expect(parsed.text).toContain("Traffic flows again.");
      recipients.push(parsed.to && !Array.isArray(parsed.to) ? parsed.to.value[0]!.address : undefined);
    }
    expect(recipients.sort()).toEqual(["ada@example.org", "grace@example.org"]);

    const second = await runCli(["--config", config, "--now", NOW, "send"]);
    expect(second.stdout).toContain("sent 0, failed 0, skipped 2");
    expect(second.stdout).not.toContain("no SMTP server configured");
    expect(readdirSync(outbox).filter((f) => f.endsWith(".eml"))).toHaveLength(2);
  });
});
