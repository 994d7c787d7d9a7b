// Starts an smtp-server on a free 127.0.0.1 port, keeping each open socket by client port so a test can cut it.
import type { AddressInfo, Socket } from "node:net";
import type { SMTPServer } from "smtp-server";

export async function listenOnLoopback(server: SMTPServer, sockets: Map<number, Socket>): Promise<number> {
  server.server.on("connection", (socket: Socket) => {
    const port = socket.remotePort!;
    sockets.set(port, socket);
    socket.on("close", () => sockets.delete(port));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  return (server.server.address() as AddressInfo).port;
}
