// The SMTP session pool (at most maxConnections sessions, reused; a refused message does not cost its session; close() ends them all) and the transport's pace.
import { afterEach, describe, expect, it } from "vitest";
import { openSmtpPool } from "../../src/send/smtpPool.ts";
import { openTransport } from "../../src/send/transport.ts";
import { startSmtpServer, type TestSmtpServer } from "../helpers/smtpServer.ts";

const TIMEOUTS = { connectionTimeout: 5000, greetingTimeout: 5000, socketTimeout: 5000 };
const message = (to: string) => Buffer.from(`From: news@example.org\r\nTo: ${to}\r\nSubject: pool\r\n\r\nfor ${to}\r\n`);

describe("SMTP session pool", () => {
  let smtp: TestSmtpServer;
  afterEach(async () => smtp.close());

  it("sends many messages over at most maxConnections sessions, each once, and a refusal leaves the session usable", async () => {
    smtp = await startSmtpServer({ rule: (address) => (address.startsWith("full") ? { code: 452, message: "4.2.2 Mailbox full" } : undefined) });
    const pool = openSmtpPool({ url: smtp.url, maxConnections: 3, ...TIMEOUTS });
    const addresses = Array.from({ length: 30 }, (_, i) => (i % 10 === 5 ? `full${i}@example.net` : `reader${i}@example.net`));
    const outcomes = await Promise.allSettled(addresses.map((to) => pool.send(message(to), { from: "news@example.org", to })));
    pool.close();
    const refused = outcomes.flatMap((o, i) => (o.status === "rejected" ? [addresses[i]] : []));
    expect(refused).toEqual(addresses.filter((a) => a.startsWith("full")));
    expect(smtp.messages.map((m) => m.envelopeTo[0]).sort()).toEqual(addresses.filter((a) => !a.startsWith("full")).sort());
    expect(smtp.connections.peak).toBeGreaterThan(0);
    expect(smtp.connections.peak).toBeLessThanOrEqual(3);
  });

  it("ends every session on close", async () => {
    smtp = await startSmtpServer();
    const pool = openSmtpPool({ url: smtp.url, maxConnections: 2, ...TIMEOUTS });
    await Promise.all(["a@example.net", "b@example.net", "c@example.net"].map((to) => pool.send(message(to), { from: "news@example.org", to })));
    expect(smtp.connections.open()).toBeGreaterThan(0);
    pool.close();
    // Resolves when the server has seen every client socket close; a session left open times the test out.
    await smtp.connections.allClosed();
    expect(smtp.connections.open()).toBe(0);
  });
});

describe("transport pace (smtp.rateLimit)", () => {
  let smtp: TestSmtpServer;
  afterEach(async () => smtp.close());

  it("starts at most rateLimit sends per second: 6 messages at 10/s span at least 500 ms", async () => {
    smtp = await startSmtpServer();
    const transport = openTransport({ url: smtp.url, maxConnections: 2, rateLimit: 10 });
    const started = performance.now();
    const outcomes = await Promise.all(
      Array.from({ length: 6 }, (_, i) => `reader${i}@example.net`).map((to) =>
        transport.send({ raw: message(to), envelope: { from: "news@example.org", to }, messageId: `<${to}>` }),
      ),
    );
    const elapsed = performance.now() - started;
    transport.close();
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect(smtp.messages).toHaveLength(6);
    // Only a lower bound, so a slow machine cannot fail it: the sixth send may start 5 × 100 ms after the first.
    expect(elapsed).toBeGreaterThanOrEqual(500);
  });
});
