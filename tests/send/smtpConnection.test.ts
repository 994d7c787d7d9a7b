// The raw send path writes messages to the socket without nodemailer's DataStream: what arrives must still be byte for byte what was sent.
import { afterEach, describe, expect, it } from "vitest";
import { dotStuffed } from "../../src/send/smtpConnection.ts";
import { openSmtpPool } from "../../src/send/smtpPool.ts";
import { startSmtpServer, type TestSmtpServer } from "../helpers/smtpServer.ts";

const TIMEOUTS = { connectionTimeout: 5000, greetingTimeout: 5000, socketTimeout: 5000 };
const envelope = { from: "news@example.org", to: "reader@example.net" };

describe("dotStuffed", () => {
  it("returns a message without a dot at a line start as it is, the same buffer", () => {
    const message = Buffer.from("Subject: a.b\r\n\r\nno dots. at line starts\r\n");
    expect(dotStuffed(message)).toBe(message);
  });

  it("doubles a dot at the start of the message and of every line, and nothing else", () => {
    const stuffed = dotStuffed(Buffer.from(".first\r\n.\r\nmiddle.\r\n..two\r\n"));
    expect(stuffed.toString()).toBe("..first\r\n..\r\nmiddle.\r\n...two\r\n");
  });
});

describe("raw messages over a real SMTP session", () => {
  let smtp: TestSmtpServer;
  afterEach(async () => smtp.close());

  it("delivers a message whose lines start with dots (a lone '.' line included) whole, and the session goes on", async () => {
    smtp = await startSmtpServer();
    const pool = openSmtpPool({ url: smtp.url, maxConnections: 1, ...TIMEOUTS });
    const tricky = Buffer.from("From: news@example.org\r\nTo: reader@example.net\r\nSubject: dots\r\n\r\n.\r\n..\r\n.leading\r\nlast line\r\n");
    const plain = Buffer.from("From: news@example.org\r\nTo: reader@example.net\r\nSubject: next\r\n\r\nno final line break");
    await pool.send(tricky, envelope);
    await pool.send(plain, envelope);
    pool.close();
    expect(smtp.messages.map((m) => m.raw.toString())).toEqual([tricky.toString(), `${plain.toString()}\r\n`]);
    expect(smtp.connections.peak).toBe(1);
  });

  it("delivers a message given in pieces as their concatenation, stuffing a dot that starts a piece after a line break", async () => {
    smtp = await startSmtpServer();
    const pool = openSmtpPool({ url: smtp.url, maxConnections: 1, ...TIMEOUTS });
    const pieces = ["From: news@example.org\r\nTo: reader@example.net\r\n", "Subject: pieces\r\n\r\nfirst line\r\n", ".\r\n", "", "a.b\r\n"].map((piece) => Buffer.from(piece));
    await pool.send(pieces, envelope);
    pool.close();
    expect(smtp.messages.map((m) => m.raw.toString())).toEqual([Buffer.concat(pieces).toString()]);
  });
});
