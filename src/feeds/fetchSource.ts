// Gets the bytes of one feed, from HTTP(S) or a file, with a timeout and a size cap, and decodes them.
import { open } from "node:fs/promises";
import { LeadlineError } from "../errors.ts";
import { isHttpUrl, type FetchOptions } from "../config/schema.ts";

export const USER_AGENT = "Leadline/0.1 (+https://github.com/leadline; newsletter feed reader)";

export async function fetchSource(location: string, options: FetchOptions, signal?: AbortSignal): Promise<string> {
  const bytes = isHttpUrl(location)
    ? await fetchHttp(location, options, signal)
    : await readFileCapped(location, options.maxBytes);
  return decodeFeed(bytes.body, bytes.contentType);
}

interface RawBody {
  body: Uint8Array;
  contentType?: string;
}

async function fetchHttp(url: string, options: FetchOptions, signal?: AbortSignal): Promise<RawBody> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  try {
    const response = await fetch(url, {
      signal: combined,
      headers: { "user-agent": USER_AGENT, accept: "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5" },
    });
    if (!response.ok) {
      await response.body?.cancel();
      throw new LeadlineError("EFEED", `HTTP ${response.status} ${response.statusText}`.trim());
    }
    const body = await readCapped(response.body, options.maxBytes);
    return { body, contentType: response.headers.get("content-type") ?? undefined };
  } catch (error) {
    if (timeout.aborted) throw new LeadlineError("EFEED", `timed out after ${options.timeoutMs} ms`);
    if (error instanceof LeadlineError) throw error;
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new LeadlineError("EFEED", `could not fetch: ${cause?.code ?? cause?.message ?? String(error)}`);
  }
}

/** Reads a stream but stops as soon as it passes `maxBytes`, so a huge body never sits in memory. */
async function readCapped(stream: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<Uint8Array> {
  if (stream === null) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new LeadlineError("EFEED", `feed is larger than the ${maxBytes}-byte limit`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

async function readFileCapped(file: string, maxBytes: number): Promise<RawBody> {
  let handle;
  try {
    handle = await open(file, "r");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new LeadlineError("EFEED", code === "ENOENT" ? `file not found: ${file}` : `cannot read ${file}: ${code}`);
  }
  try {
    const { size } = await handle.stat();
    if (size > maxBytes) throw new LeadlineError("EFEED", `feed is larger than the ${maxBytes}-byte limit`);
    return { body: await handle.readFile() };
  } finally {
    await handle.close();
  }
}

/** Charset from the BOM, else the HTTP header, else the XML declaration, else UTF-8. */
export function decodeFeed(body: Uint8Array, contentType?: string): string {
  const charset = charsetFromBom(body) ?? charsetFromHeader(contentType) ?? charsetFromDeclaration(body) ?? "utf-8";
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset, { fatal: true });
  } catch {
    throw new LeadlineError("EFEED", `unsupported character set "${charset}"`);
  }
  try {
    return decoder.decode(body);
  } catch {
    throw new LeadlineError("EFEED", `the feed is not valid ${charset}: bytes do not match its declared character set`);
  }
}

function charsetFromBom(body: Uint8Array): string | undefined {
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return "utf-8";
  if (body[0] === 0xff && body[1] === 0xfe) return "utf-16le";
  if (body[0] === 0xfe && body[1] === 0xff) return "utf-16be";
  return undefined;
}

function charsetFromHeader(contentType?: string): string | undefined {
  return /charset\s*=\s*"?([\w.:-]+)"?/i.exec(contentType ?? "")?.[1]?.toLowerCase();
}

function charsetFromDeclaration(body: Uint8Array): string | undefined {
  const head = Buffer.from(body.subarray(0, 200)).toString("latin1");
  return /^\s*<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)["']/i.exec(head)?.[1]?.toLowerCase();
}
