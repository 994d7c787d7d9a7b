// The embedded default: a real SMTP server on a free loopback port that writes each message to outbox/.
import { mkdirSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { SMTPServer } from "smtp-server";

export interface MailCatcher {
  /** smtp://127.0.0.1:PORT, for the transport. */
  url: string;
  outbox: string;
  /** Paths of the .eml files written so far. */
  files: string[];
  close(): Promise<void>;
}

export async function startMailCatcher(outbox: string): Promise<MailCatcher> {
  mkdirSync(outbox, { recursive: true });
  const files: string[] = [];
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  let sequence = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const recipient = session.envelope.rcptTo[0]?.address ?? "unknown";
        const name = `${stamp}-${String(++sequence).padStart(5, "0")}-${recipient.replace(/[^\w.@+-]/g, "_")}.eml`;
        const file = path.join(outbox, name);
        writeFile(file, Buffer.concat(chunks)).then(
          () => {
            files.push(file);
            callback();
          },
          (error: Error) => callback(error),
        );
      });
    },
  });
  const { url, close } = await listenOnLoopback(server);
  return { url, outbox, files, close };
}

/** Starts an SMTP server on a free port of 127.0.0.1 (never another address). */
export async function listenOnLoopback(server: SMTPServer): Promise<{ url: string; port: number; close(): Promise<void> }> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  // smtp-server reports a client's broken connection (a reset, a killed sender) as an error of the
  // server; that is the client's problem, and without a listener it would end this process.
  server.on("error", () => {});
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
