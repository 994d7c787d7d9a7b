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

  it("with PIPELINING, a waiting message's envelope leaves with the end of the message before it; without, it waits for the reply", async () => {
    const addresses = Array.from({ length: 20 }, (_, i) => `reader${i}@example.net`);
    /** How often the end of a message and the next MAIL FROM arrived in one read: written together, before any reply. */
    const pipelinedReads = async (hidePipelining: boolean) => {
      smtp = await startSmtpServer({ recordWire: true, hidePipelining });
      const pool = openSmtpPool({ url: smtp.url, maxConnections: 2, ...TIMEOUTS });
      await Promise.all(addresses.map((to) => pool.send(message(to), { from: "news@example.org", to })));
      pool.close();
      expect(smtp.messages.map((m) => m.envelopeTo[0]).sort()).toEqual([...addresses].sort());
      const reads = smtp.wire.flat().filter((chunk) => /\r\n\.\r\nMAIL FROM:/.test(chunk)).length;
      await smtp.close();
      return reads;
    };
    expect(await pipelinedReads(false)).toBeGreaterThan(0);
    expect(await pipelinedReads(true)).toBe(0);
    smtp = await startSmtpServer(); // for afterEach
  });

  it("a message refused at its end does not disturb the one pipelined behind it (no RSET into its transaction)", async () => {
    smtp = await startSmtpServer({ refuseData: (to) => (to.startsWith("spam") ? { code: 554, message: "5.7.1 Refused as spam" } : undefined) });
    const pool = openSmtpPool({ url: smtp.url, maxConnections: 1, ...TIMEOUTS });
    const addresses = Array.from({ length: 12 }, (_, i) => (i % 4 === 1 ? `spam${i}@example.net` : `reader${i}@example.net`));
    const outcomes = await Promise.allSettled(addresses.map((to) => pool.send(message(to), { from: "news@example.org", to })));
    pool.close();
    expect(outcomes.flatMap((o, i) => (o.status === "rejected" ? [addresses[i]] : []))).toEqual(addresses.filter((a) => a.startsWith("spam")));
    const delivered = smtp.messages.map((m) => [m.envelopeTo[0], m.parsed.text?.trim()]);
    expect(delivered).toEqual(addresses.filter((a) => !a.startsWith("spam")).map((a) => [a, `for ${a}`]));
    expect(smtp.connections.peak).toBe(1);
  });

  it("a connection lost after a message was written fails that message, sends the one pipelined behind it on a new session, and the pool goes on", async () => {
    smtp = await startSmtpServer({ dropAfterData: (to) => to === "reader3@example.net" });
    const pool = openSmtpPool({ url: smtp.url, maxConnections: 1, ...TIMEOUTS });
    const addresses = Array.from({ length: 8 }, (_, i) => `reader${i}@example.net`);
    const outcomes = await Promise.allSettled(addresses.map((to) => pool.send(message(to), { from: "news@example.org", to })));
    try {
      // reader3's reply never came: failed (in doubt for the journal), not left hanging. reader4's
      // envelope had followed it, but none of its content: sent again on a new session.
      expect(outcomes.flatMap((o, i) => (o.status === "rejected" ? [addresses[i]] : []))).toEqual(["reader3@example.net"]);
      expect(smtp.messages.map((m) => m.envelopeTo[0]).sort()).toEqual(addresses.filter((a) => a !== "reader3@example.net").sort());
      await pool.send(message("later@example.net"), { from: "news@example.org", to: "later@example.net" });
      expect(smtp.messages.at(-1)?.envelopeTo).toEqual(["later@example.net"]);
    } finally {
      pool.close();
    }
  });

  it("a message pipelined behind one the server answers with 421 (closing) goes out on a new session, not failed with it", async () => {
    smtp = await startSmtpServer({ refuseData: (to) => (to === "reader3@example.net" ? { code: 421, message: "4.7.0 Too many messages, closing" } : undefined) });
    const pool = openSmtpPool({ url: smtp.url, maxConnections: 1, ...TIMEOUTS });
    const addresses = Array.from({ length: 8 }, (_, i) => `reader${i}@example.net`);
    const outcomes = await Promise.allSettled(addresses.map((to) => pool.send(message(to), { from: "news@example.org", to })));
    pool.close();
    // reader4's envelope had followed reader3's message; none of its own content had left.
    expect(outcomes.flatMap((o, i) => (o.status === "rejected" ? [addresses[i]] : []))).toEqual(["reader3@example.net"]);
    expect(smtp.messages.map((m) => m.envelopeTo[0]).sort()).toEqual(addresses.filter((a) => a !== "reader3@example.net").sort());
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
