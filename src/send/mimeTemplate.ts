// The issue's MIME body quoted-printable-encoded once, with holes for personal fields; each message's raw bytes are spliced from it.
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
  text: EncodedPart;
  html: EncodedPart;
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

export function buildMimeTemplate(issue: RenderedIssue): MimeTemplate {
  return {
    boundary: `--_leadline_${randomBytes(12).toString("hex")}`,
    text: { pieces: issue.text.parts.map((p) => Buffer.from(encodeQp(p))), fields: issue.text.fields },
    html: { pieces: issue.html.parts.map((p) => Buffer.from(encodeQp(p))), fields: issue.html.fields },
  };
}

/**
 * The whole RFC 5322 message. Pieces and values are encoded separately and joined by soft line
 * breaks ("=" CRLF decodes to nothing), so no line passes 76 characters and nothing is encoded twice.
 */
export function spliceRawMessage(template: MimeTemplate, headers: RawHeaders, values: ReadonlyMap<string, string>): Buffer {
  const b = template.boundary;
  const partHead = (type: string) => `\r\n--${b}\r\nContent-Type: ${type}; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n`;
  const chunks = [Buffer.from(`${headerBlock(headers, b)}${partHead("text/plain")}`)];
  splicePart(chunks, template.text, values, (s) => s);
  chunks.push(Buffer.from(partHead("text/html")));
  splicePart(chunks, template.html, values, escapeHtml);
  chunks.push(Buffer.from(`\r\n--${b}--\r\n`));
  return Buffer.concat(chunks);
}

function splicePart(chunks: Buffer[], part: EncodedPart, values: ReadonlyMap<string, string>, escape: (s: string) => string): void {
  chunks.push(part.pieces[0] ?? Buffer.alloc(0));
  for (let i = 0; i < part.fields.length; i++) {
    chunks.push(Buffer.from(`=\r\n${encodeQp(escape(values.get(part.fields[i]!) ?? ""))}=\r\n`), part.pieces[i + 1]!);
  }
}

function encodeQp(text: string): string {
  return qpWrap(qpEncode(Buffer.from(text.replace(/\r?\n/g, "\r\n"))), 76);
}

function headerBlock(headers: RawHeaders, boundary: string): string {
  const lines = [
    `From: ${address(headers.from)}`,
    `To: ${address(headers.to)}`,
    ...(headers.replyTo ? [`Reply-To: ${address(headers.replyTo)}`] : []),
    `Subject: ${libmime.encodeWords(headers.subject, "Q", 52)}`,
    `Message-ID: ${headers.messageId}`,
    `Date: ${headers.date.toUTCString().replace(/GMT/, "+0000")}`,
    "MIME-Version: 1.0",
    ...Object.entries(headers.extra).map(([key, value]) => `${key}: ${libmime.encodeWords(value, "Q", 52)}`),
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
  ];
  return lines.map((line) => `${libmime.foldLines(line, 76, false)}\r\n`).join("");
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
