// Starts a test smtp-server on a free 127.0.0.1 port, keeping each open socket by client port so a test can cut it.
import type { Socket } from "node:net";
import type { SMTPServer } from "smtp-server";
import { listenOnLoopback as listen } from "../../src/send/mailCatcher.ts";

export async function listenOnLoopback(server: SMTPServer, sockets: Map<number, Socket>): Promise<number> {
  server.server.on("connection", (socket: Socket) => {
    const port = socket.remotePort!;
    sockets.set(port, socket);
    socket.on("close", () => sockets.delete(port));
  });
  return (await listen(server)).port;
}
