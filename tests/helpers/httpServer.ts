// A real HTTP server on 127.0.0.1 for tests: serves feeds from a route table and counts requests.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type Route = (request: IncomingMessage, response: ServerResponse) => void;

export interface TestHttpServer {
  url: string;
  requests: string[];
  close(): Promise<void>;
}

/** A route that answers with a body and a content type. */
export function serve(body: string | Buffer, contentType = "application/rss+xml; charset=utf-8", status = 200): Route {
  return (_request, response) => {
    response.writeHead(status, { "content-type": contentType });
    response.end(body);
  };
}

export async function startHttpServer(routes: Record<string, Route>): Promise<TestHttpServer> {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    requests.push(request.url ?? "");
    const route = routes[request.url ?? ""];
    if (route) route(request, response);
    else {
      response.writeHead(404);
      response.end("not found");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
