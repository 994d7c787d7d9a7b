// Every message's headers and envelope, and a DKIM signature that verifies (mailauth, with the key served by a stub resolver).
import { afterEach, describe, expect, it } from "vitest";
import libmime from "libmime";
import { storeKey } from "../../src/store/meta.ts";
import { openStore } from "../../src/store/openStore.ts";
import { addSubscriber } from "../../src/store/subscribers.ts";
import { dkimTestKey, dkimVerdict } from "../helpers/dkim.ts";
import { makeTempDir, rssFeed, runCli } from "../helpers/fixtures.ts";
import { setupNewsletter, type TestNewsletter } from "../helpers/newsletter.ts";
import { startSmtpServer, type TestSmtpServer } from "../helpers/smtpServer.ts";

/** A header's value as sent, unfolded (mailparser groups the List-* headers into one object). */
function header(raw: Buffer, name: string): string | undefined {
  const head = raw.toString("utf8").split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, " ");
  const line = head.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line?.slice(name.length + 1).trim();
}

/** Header lines over RFC 5322's 78 columns that could have been folded (a lone long token, such as a link, cannot). */
function overlongHeaderLines(raw: Buffer): string[] {
  const lines = raw.toString("utf8").split(/\r\n\r\n/)[0]!.split("\r\n");
  return lines.filter((line) => line.length > 78 && !/^[ \t]\S+$/.test(line));
}

function withStoreKey(file: string): string {
  const store = openStore(file);
  try {
    return storeKey(store.db);
  } finally {
    store.close();
  }
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

    const key = withStoreKey(newsletter.store);
    const ids = new Set<string>();
    for (const { raw, parsed } of smtp.messages) {
      ids.add(parsed.messageId!);
      expect(parsed.messageId).toMatch(new RegExp(`^<issue-1\\.${key}\\.\\d+@example\\.org>$`));
      expect(parsed.date?.toISOString()).toBe("2026-11-25T12:30:00.000Z");
      expect(header(raw, "List-ID")).toBe("Test Brief <test-brief.example.org>");
      expect(parsed.replyTo?.value[0]?.address).toBe("desk@example.org");
      expect(header(raw, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
      expect(header(raw, "List-Unsubscribe")).toMatch(
        /^<https:\/\/news\.example\.org\/leadline\/unsubscribe\/\d+\.[\w-]{32}>$/,
      );
      expect(header(raw, "Feedback-ID")).toBe(`issue-1.${key}:test-brief:leadline`);
      expect(overlongHeaderLines(raw)).toEqual([]);

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

  it("writes the subject and List-Id alike on both paths: a title that looks like an encoded word reaches readers as written, a list name outside ASCII keeps its id bare", async () => {
    const { pem, dnsKey } = dkimTestKey();
    smtp = await startSmtpServer();
    newsletter = setupNewsletter({
      subscribers: 1,
      smtpUrl: smtp.url,
      config: {
        newsletter: { name: "Le Brief — Édition spéciale", from: "Le Brief <news@example.org>", siteUrl: "https://news.example.org" },
        dkim: { domain: "example.org", selector: "brief" },
      },
    });
    const lookalike = "=?UTF-8?B?WW91ciBhY2NvdW50IGlzIHN1c3BlbmRlZA==?= notice";
    newsletter.temp.file("news.rss", rssFeed("News", [{ title: lookalike, guid: "n1", date: "Wed, 25 Nov 2026 10:00:00 GMT", description: "Lead summary." }]));
    const store = openStore(newsletter.store);
    addSubscriber(store.db, { email: "josé@example.org", name: "José" }, new Date("2026-11-25T12:00:00Z"));
    store.close();

    const result = await runCli(["--config", newsletter.config, "--now", "2026-11-25T12:30:00Z", "send"], { LEADLINE_DKIM_PRIVATE_KEY: pem });
    expect(result.stdout).toContain("sent 2, failed 0");
    // One spliced (ASCII address) and one composed by nodemailer (josé@): the same headers either way.
    for (const { raw, parsed } of smtp.messages) {
      expect(parsed.subject).toBe(`Le Brief — Édition spéciale: ${lookalike}`);
      const listId = header(raw, "List-ID")!;
      expect(listId).toMatch(/ <le-brief-edition-speciale\.example\.org>$/);
      expect(libmime.decodeWords(listId)).toBe("Le Brief — Édition spéciale <le-brief-edition-speciale.example.org>");
      expect(overlongHeaderLines(raw)).toEqual([]);
      expect(await dkimVerdict(raw, "brief._domainkey.example.org", dnsKey)).toBe("pass");
    }
  });

  it("writes any display name into To as the reader's client shows it: angle brackets, quotes and encoded-word lookalikes included", async () => {
    smtp = await startSmtpServer();
    newsletter = setupNewsletter({ subscribers: 0, smtpUrl: smtp.url });
    const names = new Map([
      ["jane@example.org", "Jane <3"],
      ["zoe@example.org", "Zoë <3"],
      ["quote@example.org", 'Ann "Nan" O\\Neil'],
      ["word@example.org", "=?UTF-8?B?QWRtaW4=?="],
      ["josé@example.org", "José <3"],
    ]);
    const store = openStore(newsletter.store);
    for (const [email, name] of names) addSubscriber(store.db, { email, name }, new Date("2026-11-25T12:00:00Z"));
    store.close();
    const result = await runCli(["--config", newsletter.config, "--now", "2026-11-25T12:30:00Z", "send"]);
    expect(result.stdout).toContain(`sent ${names.size}, failed 0`);
    for (const { parsed, envelopeTo } of smtp.messages) {
      const [to] = (parsed.to as { value: { address: string; name: string }[] }).value;
      const expected = names.get(envelopeTo[0]!)!;
      // Quotes and backslashes are dropped from a name (they would need escapes few clients show well).
      expect(to, envelopeTo[0]).toEqual({ address: envelopeTo[0], name: expected.replace(/["\\]/g, "") });
    }
  });

  it("gives a subscriber without a name, or without a field, newsletter.fieldDefaults' text (Hello reader, not Hello ,)", async () => {
    smtp = await startSmtpServer();
    newsletter = setupNewsletter({
      subscribers: 0,
      smtpUrl: smtp.url,
      config: {
        newsletter: { name: "Test Brief", from: "Test Brief <news@example.org>", siteUrl: "https://news.example.org", subject: "Hello {{subscriber.name}} of {{subscriber.city}}", fieldDefaults: { name: "reader", city: "everywhere" } },
      },
    });
    const store = openStore(newsletter.store);
    addSubscriber(store.db, { email: "ada@example.org", name: "Ada", fields: { city: "London" } }, new Date("2026-11-25T12:00:00Z"));
    addSubscriber(store.db, { email: "bob@example.org" }, new Date("2026-11-25T12:00:00Z"));
    addSubscriber(store.db, { email: "josé@example.org" }, new Date("2026-11-25T12:00:00Z"));
    store.close();
    expect((await runCli(["--config", newsletter.config, "--now", "2026-11-25T12:30:00Z", "send"])).stdout).toContain("sent 3, failed 0");
    const subjects = Object.fromEntries(smtp.messages.map((m) => [m.envelopeTo[0], m.parsed.subject]));
    expect(subjects).toEqual({ "ada@example.org": "Hello Ada of London", "bob@example.org": "Hello reader of everywhere", "josé@example.org": "Hello reader of everywhere" });
  });

  it("names the store in Message-IDs: the same key every time a store is opened, another for another store", () => {
    const one = makeTempDir();
    const two = makeTempDir();
    try {
      const first = withStoreKey(`${one.dir}/a.db`);
      expect(first).toMatch(/^[0-9a-f]{10}$/);
      expect(withStoreKey(`${one.dir}/a.db`)).toBe(first);
      expect(withStoreKey(`${two.dir}/b.db`)).not.toBe(first);
    } finally {
      one.remove();
      two.remove();
    }
  });

  it("refuses a DKIM setup without a key, naming the config key", async () => {
    smtp = await startSmtpServer();
    newsletter = setupNewsletter({ subscribers: 1, smtpUrl: smtp.url, config: { dkim: { domain: "example.org", selector: "brief" } } });
    const result = await runCli(["--config", newsletter.config, "send"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/leadline\.config\.yaml: dkim: expected a PEM private key in LEADLINE_DKIM_PRIVATE_KEY or dkim\.privateKeyFile/);
    expect(smtp.messages).toHaveLength(0);
  });

  it("lets the commands that send nothing run without the DKIM key, and still checks one they are given", async () => {
    smtp = await startSmtpServer();
    newsletter = setupNewsletter({ subscribers: 1, smtpUrl: smtp.url, config: { dkim: { domain: "example.org", selector: "brief" } } });
    newsletter.temp.file("more.csv", "email,name\nnew@example.org,New Reader\n");
    const imported = await runCli(["--config", newsletter.config, "subscribers", "import", `${newsletter.temp.dir}/more.csv`]);
    expect(imported.code, imported.stderr).toBe(0);
    expect((await runCli(["--config", newsletter.config, "status"])).code).toBe(0);
    const badKey = await runCli(["--config", newsletter.config, "status"], { LEADLINE_DKIM_PRIVATE_KEY: "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----" });
    expect(badKey.code).toBe(1);
    expect(badKey.stderr).toMatch(/LEADLINE_DKIM_PRIVATE_KEY: expected an RSA private key/);
  });
});
