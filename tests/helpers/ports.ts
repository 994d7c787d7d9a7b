// Ports for tests that need a particular one (taken, or with nothing behind it), from 20800–20999 on 127.0.0.1.
import { createServer, type Server } from "node:net";

export interface HeldPort {
  port: number;
  server: Server;
  close(): Promise<void>;
}

/** A port held by a plain TCP server for the test: another program in the way. */
export async function occupyPort(): Promise<HeldPort> {
  for (let port = 20800; port < 21000; port++) {
    const server = createServer();
    const bound = await new Promise<boolean>((resolve) => {
      server.once("error", () => resolve(false));
      server.listen(port, "127.0.0.1", () => resolve(true));
    });
    if (bound) return { port, server, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
  }
  throw new Error("no free port in 20800-20999");
}

/** A port nothing listens on (a server that is down): bound once to be sure it is free, then let go. */
export async function closedPort(): Promise<number> {
  const held = await occupyPort();
  await held.close();
  return held.port;
}
