// Reads a text file the user named, failing with a LeadlineError that says which file and why.
import { isUtf8 } from "node:buffer";
import { readFileSync } from "node:fs";
import { firstInvalidUtf8 } from "./firstInvalidUtf8.ts";
import { LeadlineError, type LeadlineErrorCode } from "./errors.ts";

/** The file's bytes (an XML file names its own encoding); `where` as for readTextFile. */
export function readFileBytes(file: string, code: LeadlineErrorCode, where = ""): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code;
    const why = reason === "ENOENT" ? "file not found" : reason === "EISDIR" ? "is a folder, not a file" : `cannot read it (${reason ?? String(error)})`;
    throw new LeadlineError(code, `${where ? `${where}: ` : ""}${file}: ${why}`);
  }
}

/**
 * The file's text, which must be UTF-8 (a byte-order mark is dropped). `where` prefixes the message
 * (e.g. a config key path); the file is always named. `saveAs` adds how to save it as UTF-8.
 */
export function readTextFile(file: string, code: LeadlineErrorCode, where = "", saveAs = ""): string {
  const fail = (why: string) => new LeadlineError(code, `${where ? `${where}: ` : ""}${file}: ${why}`);
  const bytes = readFileBytes(file, code, where);
  // Not guessed: a spreadsheet's Latin-1 export read as UTF-8 would reach templates and headers as "Jos� M�ller".
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) throw fail(`UTF-16 text; save the file as UTF-8${saveAs}`);
  if (!isUtf8(bytes)) {
    const at = firstInvalidUtf8(bytes);
    const line = bytes.subarray(0, at).filter((byte) => byte === 0x0a).length + 1;
    const hex = bytes[at]!.toString(16).toUpperCase().padStart(2, "0");
    throw fail(`line ${line} is not UTF-8 text (byte 0x${hex}, as in Latin-1 or Windows-1252); save the file as UTF-8${saveAs}`);
  }
  return new TextDecoder("utf-8").decode(bytes); // drops a byte-order mark
}
