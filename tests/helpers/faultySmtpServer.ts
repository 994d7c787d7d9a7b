// A fault-injecting SMTP server on 127.0.0.1 (smtp-server): temporary and permanent replies, drops, stalls, AUTH refusals, counted.
import { createHash } from "node:crypto";
import type { Socket } from "node:net";
import { listenOnLoopback } from "./listenOnLoopback.ts";
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from "smtp-server";

/** Every fault the server can inject; `permanent` ones are decided by address, the rest per attempt. */
export type SmtpFault =
  | "421"
  | "451"
  | "452"
  | "550"
  | "552"
  | "drop-before-data"
  | "drop-during-data"
  | "stall"
  | "auth-454"
  | "auth-535";

export interface FaultRates {
  /** Share of addresses refused for good (550 or 552), every attempt. */
  permanent: number;
  /** Share of RCPT attempts answered 421, 451 or 452. */
  temporary: number;
  /** Share of RCPT attempts whose connection is cut before DATA. */
  dropBeforeData: number;
  /** Share of DATA transfers whose connection is cut half-way. */
  dropDuringData: number;
  /** Share of DATA replies held back for `stallMs` before the 250. */
  stall: number;
  /** Share of AUTH attempts refused (454 temporary or 535). */
  authReject: number;
}

export interface FaultySmtpOptions {
  rates: FaultRates;
  seed: number;
  stallMs: number;
  /** Called after each accepted message (250 sent), with the number accepted so far. */
  onAccepted?: (address: string, count: number) => void;
}

export interface FaultySmtpServer {
  /** smtp://user:pass@127.0.0.1:port: the server asks for AUTH. */
  url: string;
  /** Accepted copies per address, counted when the 250 goes out. */
  delivered: Map<string, number>;
  /** The permanent reply each refused address got. */
  refused: Map<string, string>;
  injected: Record<SmtpFault, number>;
  /** Whether `address` is deliverable at all (not one of the permanently refused). */
  deliverable(address: string): boolean;
  close(): Promise<void>;
}

const FAULTS: SmtpFault[] = ["421", "451", "452", "550", "552", "drop-before-data", "drop-during-data", "stall", "auth-454", "auth-535"];

/** A number in [0, 1) fixed by its parts: the same address and attempt get the same fault every run. */
function draw(...parts: (string | number)[]): number {
  return createHash("sha256").update(parts.join("\0")).digest().readUInt32BE(0) / 2 ** 32;
}

export async function startFaultySmtpServer(options: FaultySmtpOptions): Promise<FaultySmtpServer> {
  const { rates, seed } = options;
  const delivered = new Map<string, number>();
  const refused = new Map<string, string>();
  const attempts = new Map<string, number>();
  const injected = Object.fromEntries(FAULTS.map((f) => [f, 0])) as Record<SmtpFault, number>;
  const sockets = new Map<number, Socket>();
  let authCount = 0;
  let dataCount = 0;
  let accepted = 0;
  const permanentReply = (address: string) => {
    const roll = draw(seed, "permanent", address);
    if (roll >= rates.permanent) return undefined;
    return roll < rates.permanent / 2 ? { code: 550, message: "5.1.1 Mailbox does not exist" } : { code: 552, message: "5.2.2 Mailbox over quota" };
  };
  const reply = (code: number, message: string) => Object.assign(new Error(message), { responseCode: code });
  const drop = (session: SMTPServerSession) => sockets.get(session.remotePort)?.destroy();

  const server = new SMTPServer({
    authMethods: ["PLAIN", "LOGIN"],
    allowInsecureAuth: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onAuth(_auth, _session, callback) {
      const roll = draw(seed, "auth", ++authCount);
      if (roll < rates.authReject / 2) {
        injected["auth-454"] += 1;
        return callback(reply(454, "4.7.0 Temporary authentication failure"));
      }
      if (roll < rates.authReject) {
        injected["auth-535"] += 1;
        return callback(reply(535, "5.7.8 Authentication credentials invalid"));
      }
      callback(null, { user: "leadline" });
    },
    onRcptTo(address, session, callback) {
      const email = address.address;
      const attempt = (attempts.get(email) ?? 0) + 1;
      attempts.set(email, attempt);
      const permanent = permanentReply(email);
      if (permanent) {
        injected[String(permanent.code) as SmtpFault] += 1;
        refused.set(email, `${permanent.code} ${permanent.message}`);
        return callback(reply(permanent.code, permanent.message));
      }
      const roll = draw(seed, "rcpt", email, attempt);
      if (roll < rates.dropBeforeData) {
        injected["drop-before-data"] += 1;
        return drop(session);
      }
      const temporary = roll - rates.dropBeforeData;
      if (temporary >= 0 && temporary < rates.temporary) {
        const [code, message] = ([[421, "4.3.2 Service shutting down"], [451, "4.7.1 Greylisted, try again"], [452, "4.2.2 Insufficient storage"]] as const)[
          Math.floor((temporary / rates.temporary) * 3)
        ]!;
        injected[String(code) as SmtpFault] += 1;
        return callback(reply(code, message));
      }
      callback();
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
      const roll = draw(seed, "data", ++dataCount);
      const cutHalfWay = roll < rates.dropDuringData;
      let cut = false;
      stream.on("data", () => {
        if (cutHalfWay && !cut) {
          cut = true;
          injected["drop-during-data"] += 1;
          drop(session);
        }
      });
      stream.on("end", () => {
        if (cut) return;
        const accept = () => {
          for (const { address } of session.envelope.rcptTo) {
            delivered.set(address, (delivered.get(address) ?? 0) + 1);
            options.onAccepted?.(address, ++accepted);
          }
          callback();
        };
        if (roll >= rates.dropDuringData && roll < rates.dropDuringData + rates.stall) {
          injected.stall += 1;
          setTimeout(accept, options.stallMs);
        } else accept();
      });
    },
  });
  const port = await listenOnLoopback(server, sockets);
  return {
    url: `smtp://leadline:secret@127.0.0.1:${port}`,
    delivered,
    refused,
    injected,
    deliverable: (address) => permanentReply(address) === undefined,
    async close() {
      for (const socket of sockets.values()) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
