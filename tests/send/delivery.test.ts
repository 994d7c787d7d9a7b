// Delivery against a real SMTP server that refuses, defers and drops: retries, failures, suppression.
import { afterEach, describe, expect, it } from "vitest";
import { openStore } from "../../src/store/openStore.ts";
import { findSubscriber, setSubscriberStatus } from "../../src/store/subscribers.ts";
import { runBin, runCli, writeConfig } from "../helpers/fixtures.ts";
import { setupNewsletter, type TestNewsletter } from "../helpers/newsletter.ts";
import { closedPort } from "../helpers/ports.ts";
import { startFaultySmtpServer } from "../helpers/faultySmtpServer.ts";
import { startSmtpServer, type RecipientRule, type TestSmtpServer } from "../helpers/smtpServer.ts";

const NOW = "2026-11-25T12:30:00Z";

describe("delivery", () => {
  let smtp: TestSmtpServer;
  let newsletter: TestNewsletter;
  afterEach(async () => {
    await smtp.close();
    newsletter.temp.remove();
  });

  async function sendWith(rule: RecipientRule, subscribers = 4) {
    smtp = await startSmtpServer({ rule });
    newsletter = setupNewsletter({ subscribers, smtpUrl: smtp.url });
    return runCli(["--config", newsletter.config, "--now", NOW, "send"]);
  }

  const delivered = () => smtp.messages.flatMap((m) => m.envelopeTo).sort();

  it("retries 421 and 451 replies and delivers", async () => {
    const result = await sendWith((address, attempt) => {
      if (address.startsWith("reader00000") && attempt === 1) return { code: 421, message: "4.3.2 Try again later" };
      if (address.startsWith("reader00001") && attempt <= 2) return { code: 451, message: "4.7.1 Greylisted" };
      return undefined;
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("sent 4, failed 0");
    expect(delivered()).toEqual(newsletter.addresses);
    expect(smtp.attempts.get("reader00001@example.org")).toBe(3);
  });

  it("retries after a dropped connection and delivers exactly once", async () => {
    const result = await sendWith((address, attempt) => (address.startsWith("reader00002") && attempt === 1 ? "drop" : undefined));
    expect(result.code).toBe(0);
    expect(delivered()).toEqual(newsletter.addresses);
  });

  it("says the connection dropped, not that the server refused us, and that the next send tries again", async () => {
    const result = await sendWith(() => "drop", 3);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/stopped: the SMTP server dropped the connection, again after the retries \(ECONNECTION: [^)]+\); nobody was marked, and the next send for this slot tries everyone again/);
    expect(result.stdout).not.toContain("refused");
    expect(smtp.messages).toHaveLength(0);
  });

  it("marks only the refused address on a 550, suppresses it, and goes on", async () => {
    const result = await sendWith((address) => (address.startsWith("reader00003") ? { code: 550, message: "5.1.1 Mailbox does not exist" } : undefined));
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("sent 3, failed 1");
    expect(result.stdout).toContain("failed reader00003@example.org: 550 5.1.1 Mailbox does not exist (a hard bounce: now bounced, so no later issue goes to it)");
    expect(delivered()).toEqual(newsletter.addresses.filter((a) => !a.startsWith("reader00003")));
    expect(smtp.attempts.get("reader00003@example.org")).toBe(1);
    const store = openStore(newsletter.store);
    expect(findSubscriber(store.db, "reader00003@example.org")?.status).toBe("bounced");
    store.close();
  });

  it("leaves a still-deferred address for the next run, which delivers it", async () => {
    let refusing = true;
    const first = await sendWith((address) => (refusing && address.startsWith("reader00001") ? { code: 452, message: "4.2.2 Mailbox full" } : undefined));
    expect(first.code).toBe(1);
    expect(first.stdout).toContain("(temporary; will be retried on the next run)");
    refusing = false;
    const second = await runCli(["--config", newsletter.config, "--now", NOW, "send"]);
    expect(second.stdout).toContain("sent 1, failed 0, skipped 3");
    expect(delivered()).toEqual(newsletter.addresses);
  });

  it("retries a refused AUTH, then stops the run: nobody failed or bounced, everyone left for the next run", async () => {
    const noFaults = { permanent: 0, temporary: 0, dropBeforeData: 0, dropDuringData: 0, stall: 0 };
    const faulty = await startFaultySmtpServer({ rates: { ...noFaults, authReject: 1 }, seed: 7, stallMs: 0 });
    smtp = { close: () => faulty.close() } as TestSmtpServer;
    newsletter = setupNewsletter({ subscribers: 3, smtpUrl: faulty.url, config: { smtp: { url: faulty.url, retries: 1, retryDelayMs: 5 } } });
    const result = await runCli(["--config", newsletter.config, "--now", NOW, "send"]);
    expect(result.code).toBe(1);
    expect(faulty.injected["auth-535"]).toBeGreaterThan(0);
    expect(result.stdout).toContain("sent 0, failed 0");
    expect(result.stdout).toContain("stopped: the SMTP server refused the session (535 ");
    const store = openStore(newsletter.store);
    expect(newsletter.addresses.map((a) => findSubscriber(store.db, a)?.status)).toEqual(["active", "active", "active"]);
    store.close();
  });
});

describe("refusals that are not about the subscriber", () => {
  let smtp: TestSmtpServer;
  let newsletter: TestNewsletter;
  afterEach(async () => {
    await smtp.close();
    newsletter.temp.remove();
  });

  const statuses = () => {
    const store = openStore(newsletter.store);
    const rows = newsletter.addresses.map((a) => findSubscriber(store.db, a)?.status);
    store.close();
    return rows;
  };

  it("stops the run when the server refuses our sender, marks nobody, and sends once that is fixed", async () => {
    let refusing = true;
    smtp = await startSmtpServer({ refuseSender: () => (refusing ? { code: 550, message: "5.7.1 Sender domain not allowed" } : undefined) });
    newsletter = setupNewsletter({ subscribers: 5, smtpUrl: smtp.url });
    const refused = await runCli(["--config", newsletter.config, "--now", NOW, "send"]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain("stopped: the SMTP server refused the session (550 5.7.1 Sender domain not allowed)");
    expect(statuses()).toEqual(newsletter.addresses.map(() => "active"));
    expect(smtp.messages).toHaveLength(0);

    refusing = false;
    const fixed = await runCli(["--config", newsletter.config, "--now", NOW, "send"]);
    expect(fixed.stdout).toContain("sent 5, failed 0");
    expect(smtp.messages.flatMap((m) => m.envelopeTo).sort()).toEqual(newsletter.addresses);
  });

  it("does not bounce an address whose message was refused after DATA or by a 5.7 policy at RCPT", async () => {
    smtp = await startSmtpServer({
      rule: (address) => (address.startsWith("reader00001") ? { code: 550, message: "5.7.1 Blocked by policy" } : undefined),
      refuseData: (to) => (to.startsWith("reader00002") ? { code: 554, message: "5.6.0 Message content rejected" } : undefined),
    });
    newsletter = setupNewsletter({ subscribers: 3, smtpUrl: smtp.url });
    const result = await runCli(["--config", newsletter.config, "--now", NOW, "send"]);
    expect(result.stdout).toContain("sent 1, failed 2");
    expect(statuses()).toEqual(["active", "active", "active"]);
  });

  it("does not send a resumed issue to someone who subscribed after it was built", async () => {
    smtp = await startSmtpServer({ rule: (address, attempt) => (address.startsWith("reader00001") && attempt === 1 ? { code: 451, message: "4.3.0 Later" } : undefined) });
    newsletter = setupNewsletter({ subscribers: 2, smtpUrl: smtp.url });
    writeConfig(newsletter.temp, { feeds: [{ url: "news.rss" }], smtp: { url: smtp.url, retries: 0 } });
    await runCli(["--config", newsletter.config, "--now", NOW, "send"]);
    await runCli(["--config", newsletter.config, "--now", "2026-11-25T12:40:00Z", "subscribers", "add", "late@example.org"]);
    const resumed = await runCli(["--config", newsletter.config, "--now", "2026-11-25T12:45:00Z", "send"]);
    expect(resumed.stdout).toContain("sent 1, failed 0, skipped 1");
    expect(smtp.messages.map((m) => m.envelopeTo[0])).not.toContain("late@example.org");
  });

  it("has each accepted message journalled 'sent' by the time a later one arrives, and sends nothing to someone who unsubscribes mid-send", async () => {
    const journalled: Record<string, string>[] = [];
    let store: ReturnType<typeof openStore> | undefined;
    smtp = await startSmtpServer({
      // The first message's 250 went out before the third one was even handed to SMTP.
      beforeReply: (_message, count) => {
        store ??= openStore(newsletter.store);
        if (count === 3) journalled.push(deliveryStatuses(store));
        if (count === 3) setSubscriberStatus(store.db, findSubscriber(store.db, "reader00019@example.org")!.id, "unsubscribed", new Date(NOW));
      },
    });
    // One connection, 20 subscribers: more than the messages a send keeps in flight, so the last is taken after the third is sent.
    newsletter = setupNewsletter({ subscribers: 20, smtpUrl: smtp.url, config: { smtp: { url: smtp.url, maxConnections: 1 } } });
    const result = await runCli(["--config", newsletter.config, "--now", NOW, "send"]);
    store?.close();
    expect(journalled[0]?.["reader00000@example.org"]).toBe("sent");
    expect(result.stdout).toContain("sent 19, failed 0");
    expect(smtp.messages.flatMap((m) => m.envelopeTo).sort()).toEqual(newsletter.addresses.filter((a) => a !== "reader00019@example.org"));
  });
});

/** Each journalled recipient's delivery status, by address. */
function deliveryStatuses(store: ReturnType<typeof openStore>): Record<string, string> {
  const rows = store.db.prepare("SELECT s.email, d.status FROM deliveries d JOIN subscribers s ON s.id = d.subscriber_id").all() as { email: string; status: string }[];
  return Object.fromEntries(rows.map((r) => [r.email, r.status]));
}

describe("an SMTP server that cannot be reached", () => {
  let newsletter: TestNewsletter;
  afterEach(() => newsletter.temp.remove());

  it("retries every message in flight at once without a MaxListenersExceededWarning", async () => {
    const url = `smtp://127.0.0.1:${await closedPort()}`;
    // 4 connections: 12 messages in flight, each waiting out its back-off on the run's one signal.
    newsletter = setupNewsletter({ subscribers: 30, smtpUrl: url, config: { smtp: { url, maxConnections: 4, retries: 4, retryDelayMs: 5 } } });
    const result = await runBin(["--config", newsletter.config, "--now", NOW, "send"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("ECONNREFUSED");
    expect(result.stderr).not.toContain("MaxListenersExceededWarning");
    expect(result.stderr).not.toContain("Warning");
  });

  it("says the server could not be reached, not that it refused us, and that the next send tries again", async () => {
    const url = `smtp://127.0.0.1:${await closedPort()}`;
    newsletter = setupNewsletter({ subscribers: 3, smtpUrl: url, config: { smtp: { url, retries: 1, retryDelayMs: 5 } } });
    const result = await runCli(["--config", newsletter.config, "--now", NOW, "send"]);
    expect(result.code).toBe(1);
    expect(result.stdout.split("\n").slice(1)).toEqual([
      "sent 0, failed 0, skipped 0 (already sent)",
      `stopped: could not reach the SMTP server (ESOCKET: connect ECONNREFUSED ${url.slice("smtp://".length)}); nobody was marked, and the next send for this slot tries everyone again (check the server and smtp.url if it persists)`,
    ]);
    expect(result.stdout).not.toContain("refused");
  });
});
