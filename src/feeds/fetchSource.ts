// Gets the text of one feed from HTTP(S) or a file, with the fetch limits, decoded from its charset.
import { open } from "node:fs/promises";
import { isHttpUrl, type FetchOptions } from "../config/schema.ts";
import { LeadlineError } from "../errors.ts";
import { decodeFeed } from "./decodeFeed.ts";
import { httpGet, type Validators } from "./httpGet.ts";

export type SourceResult =
  /** `url`: where the document was finally read (after redirects), the base of its relative links. */
  | { notModified: false; text: string; validators: Validators; url?: string }
  /** The server said 304: nothing changed since the validators we sent. */
  | { notModified: true; validators: Validators };

export async function fetchSource(location: string, options: FetchOptions, validators?: Validators, signal?: AbortSignal): Promise<SourceResult> {
  if (!isHttpUrl(location)) {
    return { notModified: false, text: decodeFeed(await readFileCapped(location, options.maxBytes)), validators: {} };
  }
  const result = await httpGet(location, options, validators, signal);
  if (result.status === 304) return { notModified: true, validators: result.validators };
  return { notModified: false, text: decodeFeed(result.body, result.contentType), validators: result.validators, url: result.url };
}

async function readFileCapped(file: string, maxBytes: number): Promise<Buffer> {
  let handle;
  try {
    handle = await open(file, "r");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new LeadlineError("EFEED", code === "ENOENT" ? `file not found: ${file}` : `cannot read ${file}: ${code}`);
  }
  try {
    const { size } = await handle.stat();
    if (size > maxBytes) throw new LeadlineError("EFEED", `feed is larger than the ${maxBytes}-byte limit (fetch.maxBytes)`);
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}
