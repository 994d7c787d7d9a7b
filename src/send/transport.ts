// The only module that talks to nodemailer: a pooled SMTP transport with outcomes we can journal.
import nodemailer from "nodemailer";

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

export type SendOutcome =
  | { ok: true; response: string }
  | { ok: false; permanent: boolean; response: string };

export interface Transport {
  send(message: OutgoingMessage): Promise<SendOutcome>;
  close(): void;
}

export interface TransportOptions {
  url: string;
  maxConnections: number;
}

export function openTransport({ url, maxConnections }: TransportOptions): Transport {
  const transporter = nodemailer.createTransport({
    pool: true,
    url,
    maxConnections,
    maxMessages: Infinity,
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
  } as Parameters<typeof nodemailer.createTransport>[0] & { pool: true });
  return {
    async send(message) {
      try {
        const info = await transporter.sendMail({ ...message, disableFileAccess: true, disableUrlAccess: true });
        return { ok: true, response: String(info.response ?? "") };
      } catch (error) {
        return classify(error);
      }
    },
    close: () => transporter.close(),
  };
}

/** 5xx replies are permanent; 4xx replies, dropped connections and timeouts are worth another try. */
function classify(error: unknown): SendOutcome {
  const e = error as { responseCode?: number; response?: string; code?: string; message?: string };
  const response = e.response ?? `${e.code ?? "ERROR"}: ${e.message ?? String(error)}`;
  const permanent = typeof e.responseCode === "number" ? e.responseCode >= 500 : e.code === "EENVELOPE" || e.code === "EMESSAGE";
  return { ok: false, permanent, response: response.replace(/\s+/g, " ").trim() };
}
