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

/** What a message still waiting for its reply fails with when its session ends without an error (nodemailer's code for it). */
const closedError = () => Object.assign(new Error("Connection closed before the server answered the message"), { code: "ECONNECTION" });

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

  // After the replies still to come: a session handed on (see send) may have one.
  const quit = (session: Session) =>
    session.connection.whenAnswered(() => {
      session.connection.quit();
      drop(session);
    });

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
      // A session that errors or ends while idle (the server's idle timeout) leaves the pool. A message
      // written before the last one and still waiting for its reply fails with it (nodemailer fails only
      // the last one, just after this event).
      connection.on("error", (error) => {
        setImmediate(() => connection.failUnanswered(error));
        fail(error);
      });
      connection.on("end", () => {
        setImmediate(() => connection.failUnanswered(closedError()));
        drop(session);
      });
      connection.connect(() => {
        if (!auth) return ready();
        connection.login(auth, (error) => (error ? fail(error) : ready()));
      });
    });

  /**
   * Hands `start` a session: an idle one now, else the next one released, else a new one. A waiter is
   * called synchronously by release(), so a message waiting when the one before it is written starts
   * within that same write (see send).
   */
  const withSession = (start: (session: Session) => void, failed: (error: unknown) => void): void => {
    const ready = idle.pop();
    if (ready) return start(ready);
    const openOne = () => {
      open += 1;
      connect().then(start, failed);
    };
    if (open < options.maxConnections) return openOne();
    waiting.push((handed) => (handed ? start(handed) : openOne()));
  };

  const sendOn = (session: Session, raw: Buffer | readonly Buffer[], envelope: { from: string; to: string }, resolve: (info: SMTPConnection.SentMessageInfo) => void, reject: (error: unknown) => void, again = false) => {
    // With PIPELINING the session goes on to the next message as soon as this one is written: a
    // message already waiting then writes its envelope in the same write, without waiting for this
    // one's reply — a round trip saved per message. One written in a later write would risk a 40 ms
    // stall instead (the server's second small reply held back by Nagle until our delayed ACK), so a
    // session with nothing waiting waits for the reply, as without PIPELINING.
    const behindAnother = session.connection.awaitingReplies > 0;
    let written = false;
    let handedOn = false;
    const onWritten = () => {
      written = true;
      if (!session.connection.pipelines || closing || waiting.length === 0) return;
      handedOn = true;
      release(session);
    };
    session.connection.sendRaw(
      { from: envelope.from, to: [envelope.to] },
      raw,
      (error, info) => {
        if (!error) {
          if (!handedOn) release(session);
          return resolve(info);
        }
        const refusal = error.code === "EENVELOPE" || error.code === "EMESSAGE";
        const sessionEnded = !refusal || error.responseCode === 421;
        if (handedOn) {
          // The reply to the message's end: a refusal ended its transaction (RFC 5321 §4.1.1.4), and
          // a RSET now would land in the next message's. Anything else ended the session.
          if (sessionEnded) drop(session);
        } else if (!sessionEnded && !session.closed) {
          // The server refused this message; the session is fine once reset.
          session.connection.reset((resetError) => (resetError ? drop(session) : release(session)));
        } else {
          drop(session);
        }
        // Its envelope followed a message still waiting for its reply, and the session ended before
        // any of its own content left (that message's 421, a drop): nothing of it was sent, and
        // without the pipelining it would simply have waited for a session. Once more, on another.
        if (sessionEnded && behindAnother && !written && !again && !closing) {
          return withSession((next) => sendOn(next, raw, envelope, resolve, reject, true), reject);
        }
        reject(error);
      },
      onWritten,
    );
  };

  return {
    async send(raw, envelope) {
      if (closing) throw Object.assign(new Error("the SMTP pool is closed"), { code: "ECONNECTION" });
      return new Promise((resolve, reject) => withSession((session) => sendOn(session, raw, envelope, resolve, reject), reject));
    },
    /** Says goodbye to every session; one still resetting after a refusal is closed when that ends. */
    close() {
      closing = true;
      for (const session of [...idle]) quit(session);
    },
  };
}
