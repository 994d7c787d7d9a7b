// The only module that talks to nodemailer: a pooled SMTP transport with outcomes we can journal.
import nodemailer from "nodemailer";
import type { DkimKey } from "./dkimSigner.ts";

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
  raw: Buffer;
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
}

export interface Transport {
  send(message: OutgoingMessage | RawOutgoingMessage): Promise<SendOutcome>;
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

export function openTransport({ url, maxConnections, rateLimit, dkim }: TransportOptions): Transport {
  const transporter = nodemailer.createTransport({
    pool: true,
    url,
    maxConnections,
    maxMessages: Infinity,
    // nodemailer counts messages per rateDelta ms; a whole number of messages per window.
    ...(rateLimit ? rateWindow(rateLimit) : {}),
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
  } as Parameters<typeof nodemailer.createTransport>[0] & { pool: true });
  return {
    async send(message) {
      try {
        const signing = dkim && !("raw" in message) ? { dkim } : {};
        const info = await transporter.sendMail({ ...message, ...signing, disableFileAccess: true, disableUrlAccess: true });
        return { ok: true, response: String(info.response ?? "") };
      } catch (error) {
        return classify(error);
      }
    },
    close: () => transporter.close(),
  };
}

function rateWindow(perSecond: number): { rateLimit: number; rateDelta: number } {
  return perSecond >= 1 ? { rateLimit: Math.round(perSecond), rateDelta: 1000 } : { rateLimit: 1, rateDelta: Math.round(1000 / perSecond) };
}

/**
 * 5xx replies are permanent; 4xx replies, dropped connections and timeouts are worth another try.
 * A refused AUTH (even 535) may be a passing fault of the server: retried, and never about the address.
 */
function classify(error: unknown): SendFailure {
  const e = error as { responseCode?: number; response?: string; code?: string; message?: string; command?: string };
  const response = e.response ?? `${e.code ?? "ERROR"}: ${e.message ?? String(error)}`;
  const permanent =
    e.code === "EAUTH" ? false : typeof e.responseCode === "number" ? e.responseCode >= 500 : e.code === "EENVELOPE" || e.code === "EMESSAGE";
  const scope = e.command === "RCPT TO" ? "recipient" : e.command === "DATA" ? "message" : "session";
  const outcome: SendFailure = { ok: false, permanent, response: response.replace(/\s+/g, " ").trim(), scope };
  if (typeof e.responseCode === "number") outcome.code = e.responseCode;
  return outcome;
}
