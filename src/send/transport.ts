// The send stage's SMTP: pooled sessions, an optional pace, and outcomes we can journal.
import nodemailer from "nodemailer";
import { setTimeout as sleep } from "node:timers/promises";
import type { DkimKey } from "./dkimSigner.ts";
import { preparedHeaders } from "./headerEncoding.ts";
import { openSmtpPool } from "./smtpPool.ts";

export interface OutgoingMessage {
  from: string;
  to: string;
  replyTo?: string;
  subject: string;
  html: string;
  text: string;
  messageId: string;
  date: Date;
  headers: Record<string, string>;
}

/** A message already in RFC 5322 form and already signed (see dkimSigner.ts); the transport only sends it. */
export interface RawOutgoingMessage {
  /** The message's bytes, whole or in pieces written one after another (see wireChunks in mimeTemplate.ts). */
  raw: Buffer | readonly Buffer[];
  envelope: { from: string; to: string };
  messageId: string;
}

export type SendOutcome = { ok: true; response: string } | SendFailure;

export interface SendFailure {
  ok: false;
  permanent: boolean;
  response: string;
  code?: number;
  /**
   * Whom the failure is about: this `recipient` (refused at RCPT TO), this `message` (refused at
   * DATA), or the whole `session` (connection, login, our sender address) — nothing to do with them.
   */
  scope: "recipient" | "message" | "session";
  /** The run was stopped while the message waited for its turn (smtp.rateLimit): it never reached SMTP. */
  notAttempted?: true;
  /**
   * A session failure with no SMTP reply behind it: the server could not be reached at all, or the
   * connection dropped (closed, reset, timed out) after it was. Unset when the server answered.
   */
  connection?: "unreachable" | "dropped";
}

export interface Transport {
  /** `signal` ends a wait for the rate limit's next turn; a message already handed to SMTP finishes. */
  send(message: OutgoingMessage | RawOutgoingMessage, signal?: AbortSignal): Promise<SendOutcome>;
  close(): void;
}

export interface TransportOptions {
  url: string;
  maxConnections: number;
  /** Messages per second across the pool. */
  rateLimit?: number | undefined;
  /** Signs the messages nodemailer composes; raw ones arrive signed. */
  dkim?: DkimKey | undefined;
}

const TIMEOUTS = { connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 };

/**
 * Every message goes over one pool of at most `maxConnections` SMTP sessions. Raw ones (nearly all)
 * arrive composed and signed; the few nodemailer composes (an address outside ASCII, a test send) are
 * built into bytes here, signed by nodemailer, and then sent over that same pool.
 */
export function openTransport({ url, maxConnections, rateLimit, dkim }: TransportOptions): Transport {
  const pool = openSmtpPool({ url, maxConnections, ...TIMEOUTS });
  // Composes and signs only: `buffer` hands the finished message back instead of sending it.
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "windows", ...(dkim ? { dkim } : {}) });
  const paced = rateLimit ? pace(rateLimit) : async () => true;
  const compose = async (message: OutgoingMessage): Promise<RawOutgoingMessage> => {
    const { subject, headers, ...rest } = message;
    const built = await composer.sendMail({ ...rest, headers: preparedHeaders({ Subject: subject, ...headers }), disableFileAccess: true, disableUrlAccess: true });
    const to = built.envelope.to[0];
    if (!built.envelope.from || !to) throw new Error(`message ${message.messageId} has no sender or recipient address`);
    return { raw: built.message as Buffer, envelope: { from: built.envelope.from, to }, messageId: message.messageId };
  };
  return {
    async send(message, signal) {
      let raw: RawOutgoingMessage;
      try {
        raw = "raw" in message ? message : await compose(message);
      } catch (error) {
        // About this message alone, and sending it again would compose it the same way.
        return { ok: false, permanent: true, scope: "message", response: `the message could not be composed: ${(error as Error).message}` };
      }
      if (!(await paced(signal))) {
        return { ok: false, permanent: false, scope: "message", notAttempted: true, response: "not sent: the run stopped while it waited for its turn (smtp.rateLimit)" };
      }
      try {
        const info = await pool.send(raw.raw, raw.envelope);
        return { ok: true, response: String(info.response ?? "") };
      } catch (error) {
        return classify(error);
      }
    },
    close() {
      pool.close();
      composer.close();
    },
  };
}

/**
 * At most `perSecond` sends start per second across the transport: each waits for its turn. False
 * when `signal` ends the wait: at a slow rate a dozen queued messages could outlast a shutdown's grace.
 */
function pace(perSecond: number): (signal?: AbortSignal) => Promise<boolean> {
  let next = 0;
  return async (signal) => {
    const now = Date.now();
    const turn = Math.max(now, next);
    next = turn + 1000 / perSecond;
    if (turn <= now) return true;
    return sleep(turn - now, true, { signal }).catch(() => false);
  };
}

type SmtpError = { responseCode?: number; response?: string; code?: string; originalCode?: string; timeoutType?: string; message?: string; command?: string };

/**
 * 5xx replies are permanent; 4xx replies, dropped connections and timeouts are worth another try.
 * A refused AUTH (even 535) may be a passing fault of the server: retried, and never about the address.
 */
function classify(error: unknown): SendFailure {
  const e = error as SmtpError;
  const response = e.response ?? `${e.code ?? "ERROR"}: ${e.message ?? String(error)}`;
  const permanent =
    e.code === "EAUTH" ? false : typeof e.responseCode === "number" ? e.responseCode >= 500 : e.code === "EENVELOPE" || e.code === "EMESSAGE";
  const scope = e.command === "RCPT TO" ? "recipient" : e.command === "DATA" ? "message" : "session";
  const outcome: SendFailure = { ok: false, permanent, response: response.replace(/\s+/g, " ").trim(), scope };
  if (typeof e.responseCode === "number") outcome.code = e.responseCode;
  else if (scope === "session") outcome.connection = isUnreachable(e) ? "unreachable" : "dropped";
  return outcome;
}

/** The system errors of a connection that never opened (nodemailer keeps them as originalCode under its own ESOCKET). */
const UNREACHABLE = new Set(["ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN", "EADDRNOTAVAIL"]);

function isUnreachable(e: SmtpError): boolean {
  return e.code === "EDNS" || UNREACHABLE.has(e.originalCode ?? "") || e.timeoutType === "CONNECT_TIMEOUT";
}

/**
 * Why a run stopped on a failure of the whole session, for the operator: a server that could not be
 * reached or kept dropping us is worth trying again as it is; one that refused us needs the setup fixed.
 */
export function describeSessionStop(failure: SendFailure): string {
  const untouched = "nobody was marked, and the next send for this slot tries everyone again";
  if (failure.connection === "unreachable") return `could not reach the SMTP server (${failure.response}); ${untouched} (check the server and smtp.url if it persists)`;
  if (failure.connection === "dropped") return `the SMTP server dropped the connection, again after the retries (${failure.response}); ${untouched}`;
  return `the SMTP server refused the session (${failure.response}); nobody was marked, fix the setup and run again`;
}
