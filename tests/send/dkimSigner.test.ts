// The fast path's own DKIM: spliced bodies are their own relaxed canonical form, and signatures verify (mailauth).
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import type { RenderedIssue } from "../../src/render/renderIssue.ts";
import { composeRawMessage, type Recipient } from "../../src/send/composeMessage.ts";
import { openDkimSigner } from "../../src/send/dkimSigner.ts";
import { buildMimeTemplate, rawBytes } from "../../src/send/mimeTemplate.ts";
import { dkimTestKey, dkimVerdict } from "../helpers/dkim.ts";

const { pem, dnsKey } = dkimTestKey();
const KEY = { domainName: "example.org", keySelector: "brief", privateKey: pem };
const signer = openDkimSigner(KEY);
const NOW = new Date("2026-11-25T12:30:00Z");

/** RFC 6376 §3.4.4 written out independently: runs of WSP to one SP, none at line ends, no empty lines at the end. */
function relaxedBody(body: string): string {
  const lines = body.split("\r\n").map((line) => line.replace(/[ \t]+/g, " ").replace(/ $/, ""));
  while (lines.length && lines.at(-1) === "") lines.pop();
  return lines.length ? `${lines.join("\r\n")}\r\n` : "";
}

/** Text as feeds and templates produce it: words, runs of spaces and tabs, line breaks, non-ASCII, lines longer than 76. */
const copy = fc.array(fc.oneof(fc.constantFrom(" ", "  ", "   ", "\t", " \t ", "\n", "\r\n", "\r", "é", "—", "=", ".", "\n.\n", "..", "a".repeat(90)), fc.string({ maxLength: 12 })), { maxLength: 40 }).map((parts) => parts.join(""));

function issueOf(parts: string[]): RenderedIssue {
  const spliceable = { parts, fields: parts.slice(1).map((_, i) => (i % 2 ? "subscriber.name" : "unsubscribeUrl")) };
  return { subject: { parts: ["Brief ", ""], fields: ["subscriber.name"] }, preheader: { parts: [""], fields: [] }, html: spliceable, text: spliceable, htmlBytes: 0 };
}

function compose(issue: RenderedIssue, name: string) {
  const recipient: Recipient = { id: 7, email: "reader@example.net", name, fields: {} };
  const newsletter = { name: "Test Brief", from: "Test Brief <news@example.org>", siteUrl: "https://news.example.org", subject: "Brief", lang: "en", dir: "ltr" as const, fieldDefaults: {} };
  const context = { newsletter, issue, issueKey: "issue-1", unsubscribeUrl: () => "https://news.example.org/u/7.x", now: NOW };
  return composeRawMessage(recipient, context, buildMimeTemplate(issue))!.message;
}

const dkimResult = (raw: Buffer) => dkimVerdict(raw, "brief._domainkey.example.org", dnsKey);

describe("DKIM on the spliced fast path", () => {
  afterAll(() => signer.close());

  it("encodes every body as its own relaxed canonical form, whatever the copy and the personal values", () => {
    fc.assert(
      fc.property(fc.array(copy, { minLength: 1, maxLength: 5 }), copy, (parts, name) => {
        const body = Buffer.concat(compose(issueOf(parts), name).body.map((chunk) => Buffer.from(chunk))).toString("latin1");
        expect(relaxedBody(body)).toBe(body);
      }),
      { numRuns: 300 },
    );
  });

  it("needs no SMTP dot-stuffing (sent as it is, see smtpConnection.ts): CRLF only, no line starting with '.', body lines within QP's 76 columns", () => {
    fc.assert(
      fc.property(fc.array(copy, { minLength: 1, maxLength: 5 }), copy, (parts, name) => {
        const raw = rawBytes(compose(issueOf(parts), name)).toString("latin1");
        expect(raw.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
        const lines = raw.split("\r\n");
        expect(lines.filter((line) => line.startsWith("."))).toEqual([]);
        // A header cannot fold inside a long word (RFC 5322 allows 998); the quoted-printable body must keep to 76.
        const blank = lines.indexOf("");
        expect(lines.slice(0, blank).filter((line) => line.length > 998)).toEqual([]);
        expect(lines.slice(blank).filter((line) => line.length > 76)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it("signs messages that mailauth verifies, and a changed byte fails", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(copy, { minLength: 1, maxLength: 4 }), copy, async (parts, name) => {
        const message = compose(issueOf(parts), name);
        const raw = rawBytes(message, await signer.sign(message.headerLines, message.body, NOW));
        expect(await dkimResult(raw)).toBe("pass");
        const tampered = Buffer.from(raw);
        tampered[tampered.length - 20]! ^= 1;
        expect(await dkimResult(tampered)).not.toBe("pass");
      }),
      { numRuns: 25 },
    );
  });

  it("signs the List-Unsubscribe pair (RFC 8058) and the headers readers see", async () => {
    const message = compose(issueOf(["Hello ", "!"]), "Ada");
    const line = await signer.sign(message.headerLines, message.body, NOW);
    const unfolded = line.replace(/\r\n\s+/g, " ");
    const signed = /\bh=([^;]+);/.exec(unfolded)![1]!.split(":").map((name) => name.trim());
    expect(signed).toEqual(expect.arrayContaining(["from", "to", "subject", "date", "message-id", "list-unsubscribe", "list-unsubscribe-post"]));
    expect(unfolded).toMatch(/^DKIM-Signature: v=1; a=rsa-sha256; c=relaxed\/relaxed; d=example\.org; s=brief; t=\d+;/);
    // Folded within RFC 5322's 78 columns, the signature (b=) included.
    expect(Math.max(...line.trimEnd().split("\r\n").map((l) => l.length))).toBeLessThanOrEqual(78);
  });

  it("signs on several workers at once, each signature for its own message; once closed, a signature fails rather than waits", async () => {
    const pair = openDkimSigner(KEY, 2);
    const messages = Array.from({ length: 6 }, (_, i) => compose(issueOf([`Hello ${i} `, "!"]), `Reader ${i}`));
    const lines = await Promise.all(messages.map((message) => pair.sign(message.headerLines, message.body, NOW)));
    for (const [i, message] of messages.entries()) expect(await dkimResult(rawBytes(message, lines[i]))).toBe("pass");
    await pair.close();
    await expect(pair.sign(messages[0]!.headerLines, messages[0]!.body, NOW)).rejects.toThrow(/^DKIM signing failed: its worker has ended/);
  });
});
