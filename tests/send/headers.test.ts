// Every message's headers and envelope, and a DKIM signature that verifies (mailauth, with the key served by a stub resolver).
import { afterEach, describe, expect, it } from "vitest";
import { openStore } from "../../src/store/openStore.ts";
import { addSubscriber } from "../../src/store/subscribers.ts";
import { dkimTestKey, dkimVerdict } from "../helpers/dkim.ts";
import { runCli } from "../helpers/fixtures.ts";
import { setupNewsletter, type TestNewsletter } from "../helpers/newsletter.ts";
import { startSmtpServer, type TestSmtpServer } from "../helpers/smtpServer.ts";

/** A header's value as sent, unfolded (mailparser groups the List-* headers into one object). */
function header(raw: Buffer, name: string): string | undefined {
  const head = raw.toString("utf8").split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, " ");
  const line = head.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line?.slice(name.length + 1).trim();
}

describe("message headers", () => {
  let smtp: TestSmtpServer;
  let newsletter: TestNewsletter;
  afterEach(async () => {
    await smtp.close();
    newsletter.temp.remove();
  });

  it("carries Message-ID, Date, List-Id, List-Unsubscribe (+Post), Reply-To, Feedback-ID and a valid DKIM signature", async () => {
    const { pem, dnsKey } = dkimTestKey();
    smtp = await startSmtpServer();
    newsletter = setupNewsletter({
      subscribers: 2,
      smtpUrl: smtp.url,
      config: {
        newsletter: { name: "Test Brief", from: "Test Brief <news@example.org>", siteUrl: "https://news.example.org", replyTo: "desk@example.org" },
        dkim: { domain: "example.org", selector: "brief" },
        server: { publicUrl: "https://news.example.org/leadline" },
      },
    });
    const result = await runCli(["--config", newsletter.config, "--now", "2026-11-25T12:30:00Z", "send"], { LEADLINE_DKIM_PRIVATE_KEY: pem });
    expect(result.code).toBe(0);
    expect(smtp.messages).toHaveLength(2);

    const ids = new Set<string>();
    for (const { raw, parsed } of smtp.messages) {
      ids.add(parsed.messageId!);
      expect(parsed.messageId).toMatch(/^<issue-\d+\.\d+@example\.org>$/);
      expect(parsed.date?.toISOString()).toBe("2026-11-25T12:30:00.000Z");
      expect(header(raw, "List-ID")).toBe("Test Brief <test-brief.example.org>");
      expect(parsed.replyTo?.value[0]?.address).toBe("desk@example.org");
      expect(header(raw, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
      expect(header(raw, "List-Unsubscribe")).toMatch(
        /^<https:\/\/news\.example\.org\/leadline\/unsubscribe\/\d+\.[\w-]{32}>, <mailto:news@example\.org\?subject=unsubscribe>$/,
      );
      expect(header(raw, "Feedback-ID")).toMatch(/^issue-\d+:test-brief:leadline$/);

      expect(await dkimVerdict(raw, "brief._domainkey.example.org", dnsKey)).toBe("pass");
    }
    expect(ids.size).toBe(2);
  });

  it("delivers to an address outside ASCII (SMTPUTF8), composed by nodemailer, with its own unsubscribe link and a valid DKIM signature, within smtp.maxConnections", async () => {
    const { pem, dnsKey } = dkimTestKey();
    smtp = await startSmtpServer();
    newsletter = setupNewsletter({
      subscribers: 3,
      smtpUrl: smtp.url,
      config: {
        smtp: { url: smtp.url, maxConnections: 1, retryDelayMs: 5 },
        dkim: { domain: "example.org", selector: "brief" },
        server: { publicUrl: "https://news.example.org/leadline" },
      },
    });
    const store = openStore(newsletter.store);
    addSubscriber(store.db, { email: "josé@example.org", name: "José" }, new Date("2026-11-25T12:00:00Z"));
    store.close();

    const result = await runCli(["--config", newsletter.config, "--now", "2026-11-25T12:30:00Z", "send"], { LEADLINE_DKIM_PRIVATE_KEY: pem });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("sent 4, failed 0");
    expect(smtp.messages.flatMap((m) => m.envelopeTo).sort()).toEqual([...newsletter.addresses, "josé@example.org"].sort());
    // One pool of sessions for every message: the composed one does not open a connection of its own.
    expect(smtp.connections.peak).toBe(1);

    const links = new Set<string>();
    for (const { raw, parsed } of smtp.messages) {
      expect(await dkimVerdict(raw, "brief._domainkey.example.org", dnsKey)).toBe("pass");
      const unsubscribe = String(parsed.html).match(/https:\/\/news\.example\.org\/leadline\/unsubscribe\/[\w.-]+/)?.[0];
      expect(unsubscribe).toBeDefined();
      links.add(unsubscribe!);
    }
    expect(links.size).toBe(4);
    const jose = smtp.messages.find((m) => m.envelopeTo[0] === "josé@example.org")!;
    expect(jose.parsed.to).toMatchObject({ value: [{ address: "josé@example.org" }] });
  });

  it("refuses a DKIM setup without a key, naming the config key", async () => {
    smtp = await startSmtpServer();
    newsletter = setupNewsletter({ subscribers: 1, smtpUrl: smtp.url, config: { dkim: { domain: "example.org", selector: "brief" } } });
    const result = await runCli(["--config", newsletter.config, "send"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/leadline\.config\.yaml: dkim: expected a PEM private key in LEADLINE_DKIM_PRIVATE_KEY or dkim\.privateKeyFile/);
    expect(smtp.messages).toHaveLength(0);
  });
});
