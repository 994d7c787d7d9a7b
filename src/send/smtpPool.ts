// Pooled nodemailer SMTPConnections for raw, already-signed messages: SMTP without nodemailer's per-message MIME layer.
import type SMTPConnection from "nodemailer/lib/smtp-connection";
import { parseConnectionUrl } from "nodemailer/lib/shared";
import { RawSmtpConnection } from "./smtpConnection.ts";

/**
 * Why not nodemailer's own pool: `sendMail` wraps even a raw message in a MIME node, a stream and a
 * queue entry — 1.3 ms of CPU per message here against 0.8 ms for SMTPConnection alone, and the
 * main thread is what limits a send (and RawSmtpConnection skips nodemailer's per-byte dot-stuffing). This keeps what the pool does that matters for us: at most
 * `maxConnections` sessions, each logged in once and reused, a session reset after a refused
 * message, and a dropped session replaced by a new one.
 */
export interface SmtpPool {
  send(raw: Buffer | readonly Buffer[], envelope: { from: string; to: string }): Promise<SMTPConnection.SentMessageInfo>;
  close(): void;
}

export interface SmtpPoolOptions {
  url: string;
  maxConnections: number;
  connectionTimeout: number;
  greetingTimeout: number;
  socketTimeout: number;
}

interface Session {
  connection: RawSmtpConnection;
  closed: boolean;
}

/** Someone waiting for a session: handed an idle one, or told a place is free to open one (undefined). */
type Waiter = (session: Session | undefined) => void;

export function openSmtpPool(options: SmtpPoolOptions): SmtpPool {
  const { auth, ...settings } = parseConnectionUrl(options.url);
  const idle: Session[] = [];
  const waiting: Waiter[] = [];
  let open = 0;
  let closing = false;

  const drop = (session: Session) => {
    if (session.closed) return;
    session.closed = true;
    open -= 1;
    const at = idle.indexOf(session);
    if (at >= 0) idle.splice(at, 1);
    session.connection.close();
    waiting.shift()?.(undefined);
  };

  const quit = (session: Session) => {
    session.connection.quit();
    drop(session);
  };

  const release = (session: Session) => {
    if (session.closed) return;
    if (closing) return quit(session);
    const waiter = waiting.shift();
    if (waiter) waiter(session);
    else idle.push(session);
  };

  const connect = () =>
    new Promise<Session>((resolve, reject) => {
      const connection = new RawSmtpConnection({
        ...settings,
        connectionTimeout: options.connectionTimeout,
        greetingTimeout: options.greetingTimeout,
        socketTimeout: options.socketTimeout,
        logger: false,
      });
      const session: Session = { connection, closed: false };
      let settled = false;
      const ready = () => {
        settled = true;
        resolve(session);
      };
      const fail = (error: Error) => {
        drop(session);
        if (settled) return;
        settled = true;
        reject(error);
      };
      // A session that errors or ends while idle (the server's idle timeout) leaves the pool.
      connection.on("error", fail);
      connection.on("end", () => drop(session));
      connection.connect(() => {
        if (!auth) return ready();
        connection.login(auth, (error) => (error ? fail(error) : ready()));
      });
    });

  const acquire = async (): Promise<Session> => {
    const ready = idle.pop();
    if (ready) return ready;
    if (open >= options.maxConnections) {
      const handed = await new Promise<Session | undefined>((resolve) => waiting.push(resolve));
      if (handed) return handed;
    }
    open += 1;
    return connect();
  };

  return {
    async send(raw, envelope) {
      if (closing) throw Object.assign(new Error("the SMTP pool is closed"), { code: "ECONNECTION" });
      const session = await acquire();
      return new Promise((resolve, reject) => {
        session.connection.sendRaw({ from: envelope.from, to: [envelope.to] }, raw, (error, info) => {
          if (!error) {
            release(session);
            return resolve(info);
          }
          const refusal = error.code === "EENVELOPE" || error.code === "EMESSAGE";
          if (refusal && error.responseCode !== 421 && !session.closed) {
            // The server refused this message; the session is fine once reset.
            session.connection.reset((resetError) => (resetError ? drop(session) : release(session)));
          } else {
            drop(session);
          }
          reject(error);
        });
      });
    },
    /** Says goodbye to every session; one still resetting after a refusal is closed when that ends. */
    close() {
      closing = true;
      for (const session of [...idle]) quit(session);
    },
  };
}
