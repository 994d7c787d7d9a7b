// Per-recipient fields survive the once-per-issue compile as unforgeable markers, spliced in per message.
import { randomBytes } from "node:crypto";

/** A compiled piece of text with holes for personal fields: parts[0] field[0] parts[1] … */
export interface Spliceable {
  parts: string[];
  fields: string[];
}

export interface Markers {
  nonce: string;
  mark(field: string): string;
}

/** A random nonce per issue, so feed text can never contain a marker. */
export function createMarkers(nonce = randomBytes(8).toString("hex")): Markers {
  return { nonce, mark: (field) => `%%ll${nonce}:${field}%%` };
}

/**
 * Line breaks become "\n" here, and in personal values (see personalValues): the send encodes each
 * piece on its own (send/mimeTemplate.ts), so a CR ending one piece and an LF starting the next would
 * otherwise turn into two line breaks where composing the whole text makes one.
 */
export function toSpliceable(compiled: string, nonce: string): Spliceable {
  const pieces = unixLineBreaks(compiled).split(new RegExp(`%%ll${nonce}:([\\w.-]+)%%`));
  return {
    parts: pieces.filter((_, i) => i % 2 === 0),
    fields: pieces.filter((_, i) => i % 2 === 1),
  };
}

export function splice(template: Spliceable, values: ReadonlyMap<string, string>, escape: (s: string) => string): string {
  let out = template.parts[0] ?? "";
  for (let i = 0; i < template.fields.length; i++) {
    out += escape(values.get(template.fields[i]!) ?? "") + template.parts[i + 1];
  }
  return out;
}

export function unixLineBreaks(text: string): string {
  return text.includes("\r") ? text.replace(/\r\n?/g, "\n") : text;
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Header-safe text: no CR/LF or other control characters. */
export function headerText(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f]+/g, " ").trim();
}
