// The issue's MIME body quoted-printable-encoded once, with holes for personal fields; each message is spliced from it.
import { randomBytes } from "node:crypto";
import libmime from "libmime";
import { encode as qpEncode, wrap as qpWrap } from "libqp";
import { escapeHtml } from "../render/personalFields.ts";
import { encodeHeaderValue } from "./headerEncoding.ts";
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
  /**
   * Already in DKIM's relaxed canonical form, so it is hashed as it is sent. The issue's pieces are
   * shared by every message; the personal ones are this message's own.
   */
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
  const body: SplicedMessage["body"] = [template.frame.head];
  // A value usually appears in both parts, and escaping for HTML rarely changes it (a link, an address):
  // each distinct text is encoded once per message.
  const encoded = new Map<string, Buffer>();
  splicePart(body, template.text, values, (s) => s, encoded);
  body.push(template.frame.middle);
  splicePart(body, template.html, values, escapeHtml, encoded);
  body.push(template.frame.tail);
  return { headerLines: headerLines(template, headers), body };
}

/**
 * The message as sent, in pieces: an optional DKIM-Signature line, the headers, a blank line and the
 * body. The issue's pieces are shared, not copied: a socket writes the list as it is (writev), and
 * copying 48 KB into fresh memory for every recipient was half the cost of building a message.
 */
export function wireChunks(message: SplicedMessage, signatureLine = ""): Buffer[] {
  const chunks: Buffer[] = [Buffer.from(`${signatureLine}${message.headerLines.join("")}\r\n`)];
  for (const chunk of message.body) if (chunk.length) chunks.push(chunk);
  return chunks;
}

/** The same message as one Buffer, for reading it whole (tests, a file). */
export function rawBytes(message: SplicedMessage, signatureLine = ""): Buffer {
  return Buffer.concat(wireChunks(message, signatureLine));
}

function splicePart(
  chunks: SplicedMessage["body"],
  part: EncodedPart,
  values: ReadonlyMap<string, string>,
  escape: (s: string) => string,
  encoded: Map<string, Buffer>,
): void {
  chunks.push(part.pieces[0] ?? Buffer.alloc(0));
  for (let i = 0; i < part.fields.length; i++) {
    const text = escape(values.get(part.fields[i]!) ?? "");
    let piece = encoded.get(text);
    // Quoted-printable is 7-bit: latin1 writes it as it is, without a UTF-8 encoder pass.
    if (piece === undefined) encoded.set(text, (piece = Buffer.from(`=\r\n${encodeQp(text)}=\r\n`, "latin1")));
    chunks.push(piece, part.pieces[i + 1]!);
  }
}

/**
 * Quoted-printable that is its own DKIM relaxed canonical form: besides what QP already encodes
 * (white space at line ends), a tab and every space after a space are encoded, so no line holds a run
 * of white space for canonicalisation to collapse. The body is then hashed exactly as it is sent.
 *
 * It also needs no SMTP dot-stuffing, so the message goes to the socket as it is (see
 * smtpConnection.ts): every line break is CRLF (a bare CR or LF could end the DATA early at a lax
 * server) and a dot starting a line is written "=2E". Lines are wrapped at 73 so that "=2E" and the
 * soft break a personal field adds still fit QP's 76 columns.
 */
export function encodeQp(text: string): string {
  // Most personal values (an address, a link, a name) are printable ASCII without "=" or repeated
  // spaces: QP leaves them as they are, and soft breaks can go anywhere in them.
  const wrapped = /^[\x21-\x3c\x3e-\x7e]( ?[\x21-\x3c\x3e-\x7e])*$/.test(text)
    ? softBreaks(text)
    : qpWrap(
        qpEncode(Buffer.from(text.replace(/\r\n?|\n/g, "\r\n")))
          .replace(/\t/g, "=09")
          .replace(/ {2,}/g, (run) => ` ${"=20".repeat(run.length - 1)}`),
        73,
      );
  return wrapped.includes(".") ? wrapped.replace(/^\./gm, "=2E") : wrapped;
}

/** Text QP leaves as it is, with a soft line break ("=" CRLF) after every 72 characters that more text follows. */
function softBreaks(text: string): string {
  let wrapped = text.slice(0, 72);
  for (let at = 72; at < text.length; at += 72) wrapped += `=\r\n${text.slice(at, at + 72)}`;
  return wrapped;
}

function headerLines(template: MimeTemplate, headers: RawHeaders): string[] {
  const cache = template.folded;
  const lines = [foldedLine(cache, "From", headers.from, address), foldedLine(cache, "To", headers.to, address)];
  if (headers.replyTo) lines.push(foldedLine(cache, "Reply-To", headers.replyTo, address));
  lines.push(
    foldedLine(cache, "Subject", headers.subject, encodeHeaderValue),
    foldedLine(cache, "Message-ID", headers.messageId, same),
    dateLine(cache, headers.date),
    foldedLine(cache, "MIME-Version", "1.0", same),
  );
  for (const key in headers.extra) lines.push(foldedLine(cache, key, headers.extra[key]!, encodeHeaderValue));
  lines.push(foldedLine(cache, "Content-Type", `multipart/alternative; boundary="${template.boundary}"`, same));
  return lines;
}

/**
 * `Date: Wed, 25 Nov 2026 12:30:00 +0000` (the numeric zone RFC 5322 prefers). A send stamps many
 * messages within the same second: the line is formatted again only when the second changes.
 */
function dateLine(cache: MimeTemplate["folded"], date: Date): string {
  const second = String(Math.floor(date.getTime() / 1000));
  const last = cache.get("Date");
  if (last?.value === second) return last.line;
  const line = `Date: ${date.toUTCString().replace(/GMT$/, "+0000")}\r\n`;
  cache.set("Date", { value: second, line });
  return line;
}
const same = (value: string) => value;

/**
 * `Name: value` encoded and folded to 76 columns. Most headers are the same for every recipient,
 * so the last result per header is kept and reused while the value stays the same.
 */
function foldedLine(cache: MimeTemplate["folded"], name: string, value: string, encode: (value: string) => string): string {
  const last = cache.get(name);
  if (last?.value === value) return last.line;
  const unfolded = `${name}: ${encode(value)}`;
  const line = `${unfolded.length <= 76 ? unfolded : libmime.foldLines(unfolded, 76, false)}\r\n`;
  cache.set(name, { value, line });
  return line;
}

/**
 * `"Name" <a@b>` or `a@b`: the display name quoted, or encoded when it is not plain ASCII or looks
 * like an encoded word (a client would decode `=?…?=` even inside quotes). The address is the last
 * `<…>`: a name may hold angle brackets of its own ("Jane <3").
 */
function address(value: string): string {
  const match = /^(.*)<([^<>]+)>\s*$/s.exec(value);
  if (!match) return value.trim();
  const [, written, email] = match;
  const name = written!.trim().replace(/^"(.*)"$/s, "$1");
  if (!name) return `<${email}>`;
  return /^[\x20-\x7e]*$/.test(name) && !name.includes("=?") ? `"${name.replace(/["\\]/g, "")}" <${email}>` : `${libmime.encodeWord(name, "Q", 52)} <${email}>`;
}

/** Raw messages are 7-bit: an address outside ASCII (SMTPUTF8) goes through nodemailer's own composition instead. */
export function isAsciiAddress(email: string): boolean {
  return /^[\x21-\x7e]+$/.test(email);
}
