// A message spliced from the issue's pre-encoded MIME (the send's fast path) says exactly what composing it afresh says.
import fc from "fast-check";
import { simpleParser } from "mailparser";
import { describe, expect, it } from "vitest";
import { composeMessage, composeRawMessage, type Recipient } from "../../src/send/composeMessage.ts";
import { buildMimeTemplate, rawBytes } from "../../src/send/mimeTemplate.ts";
import { createMarkers, toSpliceable } from "../../src/render/personalFields.ts";
import type { RenderedIssue } from "../../src/render/renderIssue.ts";

const NOW = new Date("2026-11-25T12:30:00Z");
const newsletter = { name: "Test Brief", from: "Test Brief <news@example.org>", siteUrl: "https://news.example.org", subject: "Brief", lang: "en", dir: "ltr" as const, fieldDefaults: {} };

/** Copy with what QP must encode or wrap: long words, runs of spaces, tabs, "=", dots at line starts, non-ASCII, every kind of line break. */
const copy = fc
  .array(fc.oneof(fc.constantFrom(" ", "   ", "\t", "\n", "\r\n", "\r", "é", "—", "=", ".", "\n.", "&<>\"'", "x".repeat(150)), fc.string({ maxLength: 20 })), { maxLength: 30 })
  .map((parts) => parts.join(""));
/** Printable values without spaces, as links and addresses are: the encoder's shortcut (soft breaks only). */
const token = fc.stringMatching(/^[!-<>-~]{0,200}$/);

const lineBreaks = (text: string) => text.replace(/\r\n?/g, "\n");

describe("spliced messages", () => {
  it("decode to the same text and HTML as the message composed afresh", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(copy, { minLength: 2, maxLength: 4 }), copy, token, async (parts, name, link) => {
        // As renderIssue makes it: the compiled text with a marker for each personal field.
        const markers = createMarkers();
        const compiled = parts.map((part, i) => (i ? markers.mark(["subscriber.name", "unsubscribeUrl", "subscriber.email"][i % 3]!) : "") + part).join("");
        const spliceable = toSpliceable(compiled, markers.nonce);
        const issue: RenderedIssue = { subject: { parts: ["Brief"], fields: [] }, preheader: { parts: [""], fields: [] }, html: spliceable, text: spliceable, htmlBytes: 0 };
        const recipient: Recipient = { id: 7, email: "reader@example.net", name, fields: {} };
        const context = { newsletter, issue, issueKey: "issue-1", unsubscribeUrl: () => link, now: NOW };
        const composed = composeMessage(recipient, context);
        const parsed = await simpleParser(rawBytes(composeRawMessage(recipient, context, buildMimeTemplate(issue))!.message));
        expect(lineBreaks(parsed.text ?? "")).toBe(lineBreaks(composed.text));
        // mailparser gives `false` for an empty HTML part.
        expect(lineBreaks(parsed.html || "")).toBe(lineBreaks(composed.html));
      }),
      { numRuns: 200 },
    );
  });
});
