// Reads a text file the user named, failing with a LeadlineError that says which file and why.
import { readFileSync } from "node:fs";
import { LeadlineError, type LeadlineErrorCode } from "./errors.ts";

/** `where` prefixes the message (e.g. a config key path); the file is always named. */
export function readTextFile(file: string, code: LeadlineErrorCode, where = ""): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code;
    const why = reason === "ENOENT" ? "file not found" : reason === "EISDIR" ? "is a folder, not a file" : `cannot read it (${reason ?? String(error)})`;
    throw new LeadlineError(code, `${where ? `${where}: ` : ""}${file}: ${why}`);
  }
}
