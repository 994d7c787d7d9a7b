// Reads a text file the user named, failing with a LeadlineError that says which file and why.
import { readFileSync } from "node:fs";
import { LeadlineError, type LeadlineErrorCode } from "./errors.ts";

/**
 * The file's text, which must be UTF-8 (a byte-order mark is dropped). `where` prefixes the message
 * (e.g. a config key path); the file is always named. `saveAs` adds how to save it as UTF-8.
 */
export function readTextFile(file: string, code: LeadlineErrorCode, where = "", saveAs = ""): string {
  const fail = (why: string) => new LeadlineError(code, `${where ? `${where}: ` : ""}${file}: ${why}`);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code;
    throw fail(reason === "ENOENT" ? "file not found" : reason === "EISDIR" ? "is a folder, not a file" : `cannot read it (${reason ?? String(error)})`);
  }
  // Read leniently, a spreadsheet's Latin-1 export would reach templates and headers as "Jos� M�ller".
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) throw fail(`UTF-16 text; save the file as UTF-8${saveAs}`);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const at = firstInvalidByte(bytes);
    const line = bytes.subarray(0, at).filter((byte) => byte === 0x0a).length + 1;
    const hex = bytes[at]!.toString(16).toUpperCase().padStart(2, "0");
    throw fail(`line ${line} is not UTF-8 text (byte 0x${hex}, as in Latin-1 or Windows-1252); save the file as UTF-8${saveAs}`);
  }
}

/**
 * Where UTF-8 decoding first fails: past the longest prefix that decodes (a character cut short is
 * fine while streaming), or at the lead byte of the character it cut short (Latin-1's "é " is E9 20).
 */
function firstInvalidByte(bytes: Buffer): number {
  const decodes = (length: number, stream = true) => {
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, length), { stream });
      return true;
    } catch {
      return false;
    }
  };
  let good = 0;
  let bad = bytes.length;
  while (bad - good > 1) {
    const middle = Math.floor((good + bad) / 2);
    if (decodes(middle)) good = middle;
    else bad = middle;
  }
  if (decodes(good, false)) return good;
  let lead = good - 1;
  while (lead > 0 && bytes[lead]! >= 0x80 && bytes[lead]! < 0xc0) lead--;
  return lead;
}
