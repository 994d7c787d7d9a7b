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
 * nodemailer's. The cost is reaching into three of its internals; they are checked when this module
 * loads, and tests/send/smtpConnection.test.ts sends through a real server, so a nodemailer update that
 * changes them fails loudly rather than sending wrongly (package.json pins nodemailer to 10.6.x).
 */
interface Internals {
  _socket: Socket;
  /** Handlers for the server's next replies, in order. */
  _responseActions: ((reply: string) => void)[];
  /** Turns the reply to the end of DATA into the send's result or an EMESSAGE error. */
  _actionSMTPStream(reply: string, callback: SendStreamCallback): void;
}

type SendStreamCallback = (error: Error | null, reply?: string) => void;

/** What `send()` does with the stream `_createSendStream` returns: writes the message, ends it, reads its size. */
interface SendStream {
  outByteCount: number;
  write(message: Buffer): void;
  end(): void;
}

const internals = SMTPConnection.prototype as unknown as Partial<Record<"_createSendStream" | "_actionSMTPStream", unknown>>;
if (typeof internals._createSendStream !== "function" || typeof internals._actionSMTPStream !== "function") {
  throw new Error("nodemailer's SMTPConnection no longer has _createSendStream/_actionSMTPStream: see src/send/smtpConnection.ts");
}

const END_OF_DATA = Buffer.from(".\r\n");
const CRLF = Buffer.from("\r\n");

export class RawSmtpConnection extends SMTPConnection {
  constructor(options: SMTPConnection.Options) {
    super(options);
    if (!Array.isArray((this as unknown as Internals)._responseActions)) {
      throw new Error("nodemailer's SMTPConnection no longer has _responseActions: see src/send/smtpConnection.ts");
    }
  }

  /** Overrides nodemailer's: the reply to the end of DATA is handled as before, the message is written as it is. */
  _createSendStream(callback: SendStreamCallback): SendStream {
    const self = this as unknown as Internals;
    self._responseActions.push((reply) => self._actionSMTPStream(reply, callback));
    const socket = self._socket;
    return {
      outByteCount: 0,
      write(message) {
        const data = dotStuffed(message);
        const ending = data.length >= 2 && data[data.length - 2] === 0x0d && data[data.length - 1] === 0x0a ? [END_OF_DATA] : [CRLF, END_OF_DATA];
        this.outByteCount = data.length + ending.reduce((n, b) => n + b.length, 0);
        socket.cork();
        socket.write(data);
        for (const chunk of ending) socket.write(chunk);
        socket.uncork();
      },
      end() {},
    };
  }
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
