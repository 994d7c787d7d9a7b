// Downloads one document over HTTP(S): redirects, conditional GET, a deadline that covers the body, size caps before and after decompression, Retry-After.
import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import { Transform, Writable, type Duplex } from "node:stream";
import { pipeline } from "node:stream/promises";
import { setTimeout as delay } from "node:timers/promises";
import zlib from "node:zlib";
import { LeadlineError } from "../errors.ts";

export const USER_AGENT = "Leadline/0.1 (+https://github.com/leadline; newsletter feed reader)";
export const MAX_REDIRECTS = 5;

const ACCEPT = "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5";

/** What a server told us to send next time for a conditional GET. */
export interface Validators {
  etag?: string | undefined;
  lastModified?: string | undefined;
}

export interface HttpGetOptions {
  timeoutMs: number;
  maxBytes: number;
  /** Longest Retry-After (429/503) we wait once before giving up. */
  maxRetryAfterMs: number;
}

export type HttpResult =
  | { status: 200; url: string; body: Buffer; contentType?: string | undefined; validators: Validators }
  | { status: 304; url: string; validators: Validators };

export async function httpGet(url: string, options: HttpGetOptions, validators: Validators = {}, signal?: AbortSignal): Promise<HttpResult> {
  for (let attempt = 0; ; attempt++) {
    const outcome = await attemptGet(url, options, validators, signal);
    if ("result" in outcome) return outcome.result;
    const wait = retryAfterMs(outcome.retryAfter, outcome.serverDate);
    const refusal = `HTTP ${outcome.status}${outcome.retryAfter ? ` (Retry-After: ${outcome.retryAfter})` : ""}`;
    if (attempt > 0 || wait === undefined) throw new LeadlineError("EFEED", refusal);
    if (wait > options.maxRetryAfterMs) {
      throw new LeadlineError("EFEED", `${refusal}: asked to wait ${Math.ceil(wait / 1000)} s, more than fetch.maxRetryAfterMs (${options.maxRetryAfterMs} ms)`);
    }
    await delay(wait, undefined, signal ? { signal } : {});
  }
}

type Attempt = { result: HttpResult } | { status: string; retryAfter?: string | undefined; serverDate?: string | undefined };

/** One attempt: follows redirects and reads the body, all within one deadline. */
async function attemptGet(url: string, options: HttpGetOptions, validators: Validators, signal?: AbortSignal): Promise<Attempt> {
  const deadline = AbortSignal.timeout(options.timeoutMs);
  const combined = signal ? AbortSignal.any([signal, deadline]) : deadline;
  let phase = "waiting for the server";
  try {
    const { response, finalUrl } = await followRedirects(url, requestHeaders(validators), combined);
    const status = response.statusCode ?? 0;
    // A 304 may omit the validators; a 200 without them means there are none any more.
    const received = readValidators(response, status === 304 ? validators : {});
    if (status === 304) {
      response.resume();
      return { result: { status: 304, url: finalUrl, validators: received } };
    }
    if (status === 429 || status === 503) {
      response.resume();
      return { status: `${status} ${response.statusMessage ?? ""}`.trim(), retryAfter: header(response, "retry-after"), serverDate: header(response, "date") };
    }
    if (status < 200 || status > 299) {
      response.resume();
      throw new LeadlineError("EFEED", `HTTP ${status} ${response.statusMessage ?? ""}`.trim());
    }
    phase = "reading the body";
    const body = await readBody(response, options.maxBytes, combined);
    return { result: { status: 200, url: finalUrl, body, contentType: header(response, "content-type"), validators: received } };
  } catch (error) {
    if (deadline.aborted) throw new LeadlineError("EFEED", `timed out after ${options.timeoutMs} ms ${phase}`);
    if (error instanceof LeadlineError) throw error;
    if (signal?.aborted) throw new LeadlineError("EFEED", "cancelled");
    const code = (error as NodeJS.ErrnoException).code;
    throw new LeadlineError("EFEED", `could not fetch: ${code ?? (error as Error).message}`);
  }
}

function requestHeaders(validators: Validators): Record<string, string> {
  const headers: Record<string, string> = { "user-agent": USER_AGENT, accept: ACCEPT, "accept-encoding": "gzip, deflate, br" };
  if (validators.etag) headers["if-none-match"] = validators.etag;
  if (validators.lastModified) headers["if-modified-since"] = validators.lastModified;
  return headers;
}

async function followRedirects(start: string, headers: Record<string, string>, signal: AbortSignal) {
  const seen = [start];
  let url = start;
  for (;;) {
    const response = await request(url, headers, signal);
    const location = header(response, "location");
    if (![301, 302, 303, 307, 308].includes(response.statusCode ?? 0) || !location) return { response, finalUrl: url };
    response.resume();
    const next = new URL(location, url);
    if (next.protocol !== "http:" && next.protocol !== "https:") throw new LeadlineError("EFEED", `redirected to a non-HTTP URL: ${next.protocol}`);
    if (seen.includes(next.href)) throw new LeadlineError("EFEED", `redirect loop: ${[...seen, next.href].join(" → ")}`);
    if (seen.length > MAX_REDIRECTS) throw new LeadlineError("EFEED", `more than ${MAX_REDIRECTS} redirects (last: ${next.href})`);
    seen.push(next.href);
    url = next.href;
  }
}

function request(url: string, headers: Record<string, string>, signal: AbortSignal): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const get = url.startsWith("https:") ? https.get : http.get;
    get(url, { headers, signal }, resolve).on("error", reject);
  });
}

/** The body, decompressed, with the size cap applied to the bytes on the wire and to the bytes they expand to. */
async function readBody(response: IncomingMessage, maxBytes: number, signal: AbortSignal): Promise<Buffer> {
  const declared = Number(header(response, "content-length"));
  if (declared > maxBytes) {
    response.resume();
    throw tooLarge(maxBytes, "");
  }
  const decoder = decompressor(header(response, "content-encoding"));
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      callback();
    },
  });
  const stages: (Duplex | Writable)[] = decoder
    ? [capBytes(maxBytes, " (compressed)"), decoder, capBytes(maxBytes, " after decompression"), sink]
    : [capBytes(maxBytes, ""), sink];
  await pipeline([response, ...stages], { signal });
  return Buffer.concat(chunks);
}

function decompressor(encoding: string | undefined): Duplex | undefined {
  switch ((encoding ?? "identity").trim().toLowerCase()) {
    case "identity":
    case "":
      return undefined;
    case "gzip":
    case "x-gzip":
      return zlib.createGunzip();
    case "deflate":
      return zlib.createInflate();
    case "br":
      return zlib.createBrotliDecompress();
    default:
      throw new LeadlineError("EFEED", `unsupported Content-Encoding "${encoding}"`);
  }
}

/** Passes bytes through until there are more than `maxBytes`, then fails the whole pipeline. */
function capBytes(maxBytes: number, what: string): Transform {
  let total = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      total += chunk.byteLength;
      callback(total > maxBytes ? tooLarge(maxBytes, what) : null, chunk);
    },
  });
}

function tooLarge(maxBytes: number, what: string): LeadlineError {
  return new LeadlineError("EFEED", `feed is larger than the ${maxBytes}-byte limit${what} (fetch.maxBytes)`);
}

/** Retry-After in seconds or as an HTTP date (measured against the server's own Date when it sends one). */
export function retryAfterMs(value: string | undefined, serverDate?: string): number | undefined {
  if (value === undefined) return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  const reference = serverDate && !Number.isNaN(Date.parse(serverDate)) ? Date.parse(serverDate) : Date.now();
  return Math.max(0, at - reference);
}

function readValidators(response: IncomingMessage, previous: Validators): Validators {
  return { etag: header(response, "etag") ?? previous.etag, lastModified: header(response, "last-modified") ?? previous.lastModified };
}

function header(response: IncomingMessage, name: string): string | undefined {
  const value = response.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
