// A real SMTP server on 127.0.0.1 for tests: records each message and parses it with mailparser.
import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from "smtp-server";

export interface ReceivedMessage {
  envelopeTo: string[];
  raw: Buffer;
  parsed: ParsedMail;
}

/** Decides a reply for a RCPT TO: undefined accepts; an Error with responseCode rejects. */
export type RecipientRule = (address: string, attempt: number) => { code: number; message: string } | undefined;

export interface TestSmtpServer {
  url: string;
  port: number;
  messages: ReceivedMessage[];
  /** How many RCPT TO commands each address got. */
  attempts: Map<string, number>;
  close(): Promise<void>;
}

export async function startSmtpServer(options: { rule?: RecipientRule } = {}): Promise<TestSmtpServer> {
  const messages: ReceivedMessage[] = [];
  const attempts = new Map<string, number>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onRcptTo(address, _session, callback) {
      const attempt = (attempts.get(address.address) ?? 0) + 1;
      attempts.set(address.address, attempt);
      const reply = options.rule?.(address.address, attempt);
      if (!reply) return callback();
      const error = Object.assign(new Error(reply.message), { responseCode: reply.code });
      callback(error);
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks);
        const envelopeTo = session.envelope.rcptTo.map((r) => r.address);
        // Reply only once the message is parsed, so a sender that got 250 finds it in `messages`.
        simpleParser(raw).then(
          (parsed) => {
            messages.push({ envelopeTo, raw, parsed });
            callback();
          },
          (error: Error) => callback(error),
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    attempts,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

