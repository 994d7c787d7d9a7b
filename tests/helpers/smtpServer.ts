// A real SMTP server on 127.0.0.1 for tests: records each message and parses it with mailparser.
import type { Socket } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { listenOnLoopback } from "./listenOnLoopback.ts";
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from "smtp-server";

export interface ReceivedMessage {
  envelopeTo: string[];
  raw: Buffer;
  parsed: ParsedMail;
}

/** Decides the reply to a RCPT TO: undefined accepts, a reply rejects, "drop" cuts the connection. */
export type RecipientRule = (address: string, attempt: number) => { code: number; message: string } | "drop" | undefined;

export interface TestSmtpServer {
  url: string;
  port: number;
  messages: ReceivedMessage[];
  /** How many RCPT TO commands each address got. */
  attempts: Map<string, number>;
  /** Client connections open now, the most that were ever open at once, and when none are left open. */
  connections: { open(): number; peak: number; allClosed(): Promise<void> };
  /** Each connection's bytes from the client, chunk by chunk as they were read (only with `recordWire`). */
  wire: string[][];
  close(): Promise<void>;
}

export interface SmtpServerOptions {
  rule?: RecipientRule;
  /** A reply to refuse MAIL FROM with (e.g. our sender domain is not allowed). */
  refuseSender?: () => { code: number; message: string } | undefined;
  /** A reply to refuse the message after DATA with, by recipient. */
  refuseData?: (recipient: string) => { code: number; message: string } | undefined;
  /** Called with each accepted message before the 250 reply goes out; a promise holds the reply until it settles. */
  beforeReply?: (message: ReceivedMessage, count: number) => unknown;
  /** Cuts the connection once this recipient's message has been read, before any reply to it. */
  dropAfterData?: (recipient: string) => boolean;
  /** Leaves PIPELINING out of the EHLO reply. */
  hidePipelining?: boolean;
  /** Keeps what each client sent, chunk by chunk (TestSmtpServer.wire). */
  recordWire?: boolean;
}

export async function startSmtpServer(options: SmtpServerOptions = {}): Promise<TestSmtpServer> {
  const messages: ReceivedMessage[] = [];
  const attempts = new Map<string, number>();
  const sockets = new Map<number, Socket>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    hidePIPELINING: options.hidePipelining ?? false,
    logger: false,
    onMailFrom(_address, _session, callback) {
      const reply = options.refuseSender?.();
      callback(reply ? Object.assign(new Error(reply.message), { responseCode: reply.code }) : undefined);
    },
    onRcptTo(address, session, callback) {
      const attempt = (attempts.get(address.address) ?? 0) + 1;
      attempts.set(address.address, attempt);
      const reply = options.rule?.(address.address, attempt);
      if (!reply) return callback();
      if (reply === "drop") {
        sockets.get(session.remotePort)?.destroy();
        return;
      }
      const error = Object.assign(new Error(reply.message), { responseCode: reply.code });
      callback(error);
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks);
        const envelopeTo = session.envelope.rcptTo.map((r) => r.address);
        if (options.dropAfterData?.(envelopeTo[0] ?? "")) {
          sockets.get(session.remotePort)?.destroy();
          return;
        }
        const refused = options.refuseData?.(envelopeTo[0] ?? "");
        if (refused) return callback(Object.assign(new Error(refused.message), { responseCode: refused.code }));
        // Reply only once the message is parsed, so a sender that got 250 finds it in `messages`.
        simpleParser(raw).then(
          async (parsed) => {
            const message = { envelopeTo, raw, parsed };
            messages.push(message);
            await options.beforeReply?.(message, messages.length);
            callback();
          },
          (error: Error) => callback(error),
        );
      });
    },
  });
  const port = await listenOnLoopback(server, sockets);
  let whenAllClosed: (() => void)[] = [];
  const connections = {
    open: () => sockets.size,
    peak: 0,
    allClosed: () => (sockets.size === 0 ? Promise.resolve() : new Promise<void>((resolve) => whenAllClosed.push(resolve))),
  };
  const wire: string[][] = [];
  server.server.on("connection", (socket: Socket) => {
    if (options.recordWire) {
      const chunks: string[] = [];
      wire.push(chunks);
      socket.on("data", (chunk: Buffer) => chunks.push(chunk.toString("latin1")));
    }
    connections.peak = Math.max(connections.peak, sockets.size);
    // Registered after listenOnLoopback's own "close" listener, which forgets the socket first.
    socket.on("close", () => {
      if (sockets.size > 0) return;
      for (const resolve of whenAllClosed) resolve();
      whenAllClosed = [];
    });
  });
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    attempts,
    connections,
    wire,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

