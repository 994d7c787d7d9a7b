// The issue's MIME body quoted-printable-encoded once, with holes for personal fields; each message is spliced from it.
import { randomBytes } from "node:crypto";
import libmime from "libmime";
import { encode as qpEncode, wrap as qpWrap } from "libqp";
import { escapeHtml } from "../render/personalFields.ts";
import type { RenderedIssue } from "../render/renderIssue.ts";

/** A part's encoded pieces; a personal value goes between pieces[i] and pieces[i + 1]. */
interface EncodedPart {
  /** Bytes, so a message is copied together rather than built as one long string and encoded again. */
  pieces: Buffer[];
  fields: string[];
}

export interface MimeTemplate {
  boundary: string;
  /** The body up to the text part's content, the text→HTML separator and the closing boundary. */
  frame: { head: Buffer; middle: Buffer; tail: Buffer };
  text: EncodedPart;
  html: EncodedPart;
  /** The last folded line per header name: most headers are the same for every recipient. */
  folded: Map<string, { value: string; line: string }>;
}

/** Headers of one message, in the order they are written; values are plain text (encoded here). */
export interface RawHeaders {
  from: string;
  to: string;
  replyTo?: string | undefined;
  subject: string;
  messageId: string;
  date: Date;
  extra: Record<string, string>;
}

/** One message before it is signed: folded header lines (CRLF-terminated) and the body's bytes. */
export interface SplicedMessage {
  headerLines: string[];
  /** Already in DKIM's relaxed canonical form, so it is hashed as it is sent. */
  body: Buffer[];
}

export function buildMimeTemplate(issue: RenderedIssue): MimeTemplate {
  const boundary = `--_leadline_${randomBytes(12).toString("hex")}`;
  const partHead = (type: string) => `--${boundary}\r\nContent-Type: ${type}; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n`;
  return {
    boundary,
    frame: {
      head: Buffer.from(partHead("text/plain")),
      middle: Buffer.from(`\r\n${partHead("text/html")}`),
      tail: Buffer.from(`\r\n--${boundary}--\r\n`),
    },
    text: { pieces: issue.text.parts.map((p) => Buffer.from(encodeQp(p))), fields: issue.text.fields },
    html: { pieces: issue.html.parts.map((p) => Buffer.from(encodeQp(p))), fields: issue.html.fields },
    folded: new Map(),
  };
}

/**
 * The message's headers and body. Pieces and values are encoded separately and joined by soft line
 * breaks ("=" CRLF decodes to nothing), so no line passes 76 characters and nothing is encoded twice.
 */
export function spliceRawMessage(template: MimeTemplate, headers: RawHeaders, values: ReadonlyMap<string, string>): SplicedMessage {
  const body = [template.frame.head];
  splicePart(body, template.text, values, (s) => s);
  body.push(template.frame.middle);
  splicePart(body, template.html, values, escapeHtml);
  body.push(template.frame.tail);
  return { headerLines: headerLines(template, headers), body };
}

/** The message as sent: an optional DKIM-Signature line first, then the headers, a blank line and the body. */
export function rawBytes(message: SplicedMessage, signatureLine = ""): Buffer {
  return Buffer.concat([Buffer.from(`${signatureLine}${message.headerLines.join("")}\r\n`), ...message.body]);
}

function splicePart(chunks: Buffer[], part: EncodedPart, values: ReadonlyMap<string, string>, escape: (s: string) => string): void {
  chunks.push(part.pieces[0] ?? Buffer.alloc(0));
  for (let i = 0; i < part.fields.length; i++) {
    chunks.push(Buffer.from(`=\r\n${encodeQp(escape(values.get(part.fields[i]!) ?? ""))}=\r\n`), part.pieces[i + 1]!);
  }
}

/**
 * Quoted-printable that is its own DKIM relaxed canonical form: besides what QP already encodes
 * (white space at line ends), a tab and every space after a space are encoded, so no line holds a run
 * of white space for canonicalisation to collapse. The body is then hashed exactly as it is sent.
 */
export function encodeQp(text: string): string {
  const encoded = qpEncode(Buffer.from(text.replace(/\r?\n/g, "\r\n")))
    .replace(/\t/g, "=09")
    .replace(/ {2,}/g, (run) => ` ${"=20".repeat(run.length - 1)}`);
  return qpWrap(encoded, 76);
}

function headerLines(template: MimeTemplate, headers: RawHeaders): string[] {
  const fold = (name: string, value: string) => foldedLine(template.folded, name, value);
  return [
    fold("From", address(headers.from)),
    fold("To", address(headers.to)),
    ...(headers.replyTo ? [fold("Reply-To", address(headers.replyTo))] : []),
    fold("Subject", libmime.encodeWords(headers.subject, "Q", 52)),
    fold("Message-ID", headers.messageId),
    fold("Date", headers.date.toUTCString().replace(/GMT/, "+0000")),
    fold("MIME-Version", "1.0"),
    ...Object.entries(headers.extra).map(([key, value]) => fold(key, libmime.encodeWords(value, "Q", 52))),
    fold("Content-Type", `multipart/alternative; boundary="${template.boundary}"`),
  ];
}

/** Folds `Name: value` to 76 columns, reusing the last result for the same header and value. */
function foldedLine(cache: MimeTemplate["folded"], name: string, value: string): string {
  const last = cache.get(name);
  if (last?.value === value) return last.line;
  const line = `${libmime.foldLines(`${name}: ${value}`, 76, false)}\r\n`;
  cache.set(name, { value, line });
  return line;
}

/** `"Name" <a@b>` or `a@b`: the display name quoted, or encoded when it is not plain ASCII. */
function address(value: string): string {
  const match = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(value);
  if (!match) return value.trim();
  const [, name, email] = match;
  if (!name) return `<${email}>`;
  return /^[\x20-\x7e]*$/.test(name) ? `"${name.replace(/["\\]/g, "")}" <${email}>` : `${libmime.encodeWord(name, "Q", 52)} <${email}>`;
}

/** Raw messages are 7-bit: an address outside ASCII (SMTPUTF8) goes through nodemailer's own composition instead. */
export function isAsciiAddress(email: string): boolean {
  return /^[\x21-\x7e]+$/.test(email);
}
