// nodemailer's SMTPConnection, with a message that needs no dot-stuffing written to the socket as it is.
import type { Socket } from "node:net";
import SMTPConnection from "nodemailer/lib/smtp-connection";

/**
 * Why: nodemailer pipes every message through its DataStream, a JavaScript loop over each byte that
 * doubles dots and mends bare line breaks — half a millisecond of the main thread per 48 KB message,
 * the largest single cost of a send. Our spliced messages never need it (mimeTemplate.ts writes CRLF
 * only and a dot starting a line as "=2E"), so the bytes go to the socket untouched. A dot that still
 * starts a line (a bug upstream) is stuffed here, found by one native search rather than a byte loop.
 *
 * Everything else — connecting, STARTTLS, login, the pipelined envelope, replies, errors — stays
 * nodemailer's. One thing nodemailer does not do: start a message while the one before it still waits
 * for its reply (see sendRaw). That relies on send() queueing its reply handlers behind the pending
 * one, which tests/send/smtpPool.test.ts checks against a real server. The cost is reaching into
 * four of nodemailer's internals; three are checked when this module loads (the fourth,
 * _supportedExtensions, is read defensively: without it each message waits for its reply), and
 * tests/send/smtpConnection.test.ts sends through a real server, so a nodemailer update that changes
 * them fails loudly rather than sending wrongly (package.json pins nodemailer to 10.6.x).
 */
interface Internals {
  _socket: Socket;
  /** Handlers for the server's next replies, in order. */
  _responseActions: ((reply: string) => void)[];
  /** Turns the reply to the end of DATA into the send's result or an EMESSAGE error. */
  _actionSMTPStream(reply: string, callback: SendStreamCallback): void;
}

type SendStreamCallback = (error: Error | null, reply?: string) => void;
type SendDone = (error: SMTPConnection.SMTPError | null, info: SMTPConnection.SentMessageInfo) => void;

/** What `send()` does with the stream `_createSendStream` returns: writes the message, ends it, reads its size. */
interface SendStream {
  outByteCount: number;
  write(message: Buffer | readonly Buffer[]): void;
  end(): void;
}

const internals = SMTPConnection.prototype as unknown as Partial<Record<"_createSendStream" | "_actionSMTPStream", unknown>>;
if (typeof internals._createSendStream !== "function" || typeof internals._actionSMTPStream !== "function") {
  throw new Error("nodemailer's SMTPConnection no longer has _createSendStream/_actionSMTPStream: see src/send/smtpConnection.ts");
}

const END_OF_DATA = Buffer.from(".\r\n");
const CRLF = Buffer.from("\r\n");

/**
 * Sends a message given as one Buffer or as pieces (mimeTemplate.ts's wireChunks: the shared
 * Buffers and a few personal ones), written with one writev and never copied together.
 */
export class RawSmtpConnection extends SMTPConnection {
  constructor(options: SMTPConnection.Options) {
    super(options);
    if (!Array.isArray((this as unknown as Internals)._responseActions)) {
      throw new Error("nodemailer's SMTPConnection no longer has _responseActions: see src/send/smtpConnection.ts");
    }
  }

  /** Sends whose final reply has not come yet: more than one once the next envelope follows a message (see sendRaw). */
  private readonly unanswered = new Set<SendDone>();
  /** Called once every send in `unanswered` has its reply (see whenAnswered). */
  private readonly answered: (() => void)[] = [];
  /** The current send's `written` (sendRaw), for the stream's write() to call. */
  private writtenNext: (() => void) | undefined;

  /**
   * `send()` for a message in pieces as well as whole; nodemailer hands it to _createSendStream's write
   * as it is. `written` is called once the message's bytes are on their way: with PIPELINING (RFC 2920)
   * the next message's envelope may follow them at once, without waiting for this one's reply, which
   * saves a round trip per message. Replies come back in order, each taken by its own handler.
   */
  sendRaw(envelope: SMTPConnection.Envelope, message: Buffer | readonly Buffer[], done: SendDone, written?: () => void): void {
    const once: SendDone = (error, info) => {
      if (!this.unanswered.delete(once)) return;
      done(error, info);
      if (this.unanswered.size === 0) for (const then of this.answered.splice(0)) then();
    };
    this.unanswered.add(once);
    this.writtenNext = written;
    this.send(envelope, message as Buffer, once);
  }

  /** How many messages on this session still wait for their reply. */
  get awaitingReplies(): number {
    return this.unanswered.size;
  }

  /** Whether the server takes pipelined commands, so an envelope may follow a message before its reply. */
  get pipelines(): boolean {
    const extensions = (this as unknown as { _supportedExtensions?: unknown })._supportedExtensions;
    return Array.isArray(extensions) && extensions.includes("PIPELINING");
  }

  /**
   * nodemailer fails only its latest send when the connection ends or errs; a message written before
   * it and still waiting for its reply is failed here, with the same error (its outcome is unknown,
   * so it is retried, never counted as sent).
   */
  failUnanswered(error: Error): void {
    for (const done of [...this.unanswered]) done(error as SMTPConnection.SMTPError, undefined as unknown as SMTPConnection.SentMessageInfo);
  }

  /** Calls `then` once every message written has its reply (at once when none is waiting). */
  whenAnswered(then: () => void): void {
    if (this.unanswered.size === 0) return then();
    this.answered.push(then);
  }

  /** Overrides nodemailer's: the reply to the end of DATA is handled as before, the message is written as it is. */
  _createSendStream(callback: SendStreamCallback): SendStream {
    const self = this as unknown as Internals;
    self._responseActions.push((reply) => self._actionSMTPStream(reply, callback));
    const socket = self._socket;
    const connection = this;
    return {
      outByteCount: 0,
      write(message) {
        const chunks = Buffer.isBuffer(message) ? [message] : message;
        const data = needsStuffing(chunks) ? [dotStuffed(Buffer.concat(chunks))] : chunks;
        socket.cork();
        for (const chunk of [...data, ...(endsWithCrlf(data) ? [] : [CRLF]), END_OF_DATA]) {
          if (!chunk.length) continue;
          this.outByteCount += chunk.length;
          socket.write(chunk);
        }
        // Before uncork: a next message's envelope written now leaves in the same writev.
        const written = connection.writtenNext;
        connection.writtenNext = undefined;
        written?.();
        socket.uncork();
      },
      end() {},
    };
  }
}

/** Whether a dot starts a line anywhere in the pieces, a piece boundary included. */
function needsStuffing(chunks: readonly Buffer[]): boolean {
  let lineStart = true;
  for (const chunk of chunks) {
    if (!chunk.length) continue;
    if ((lineStart && chunk[0] === 0x2e) || chunk.indexOf("\n.") >= 0) return true;
    lineStart = chunk[chunk.length - 1] === 0x0a;
  }
  return false;
}

function endsWithCrlf(chunks: readonly Buffer[]): boolean {
  const tail: number[] = [];
  for (let i = chunks.length - 1; i >= 0 && tail.length < 2; i--) {
    const chunk = chunks[i]!;
    for (let j = chunk.length - 1; j >= 0 && tail.length < 2; j--) tail.unshift(chunk[j]!);
  }
  return tail[0] === 0x0d && tail[1] === 0x0a;
}

/**
 * RFC 5321 §4.5.2: a line starting with "." gets another one. Found with Buffer#indexOf (native), so a
 * message without such a line — every one Leadline splices — costs one search and no copy.
 */
export function dotStuffed(message: Buffer): Buffer {
  const starts: number[] = message[0] === 0x2e ? [0] : [];
  for (let at = message.indexOf("\n."); at >= 0; at = message.indexOf("\n.", at + 2)) starts.push(at + 1);
  if (!starts.length) return message;
  const stuffed = Buffer.allocUnsafe(message.length + starts.length);
  let from = 0;
  let to = 0;
  for (const start of starts) {
    to += message.copy(stuffed, to, from, start);
    stuffed[to++] = 0x2e;
    from = start;
  }
  message.copy(stuffed, to, from);
  return stuffed;
}
