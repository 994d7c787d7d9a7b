// Starts a command's web server, and says in the user's terms why it could not: which address, which setting.
import type { Hono } from "hono";
import { LeadlineError } from "../errors.ts";
import { startServer, type RunningServer } from "../web/startServer.ts";

export interface ListenOptions {
  host: string;
  port: number;
  /** Where the port came from, as the user would change it: "--port", "server.port". */
  portSetting: string;
  /** Where the host came from: "--host", "server.host". */
  hostSetting: string;
}

/** Why a bind fails, for the codes an operator can do something about; anything else is a bug and stays unexpected. */
const REASONS: Record<string, (o: ListenOptions) => string> = {
  EADDRINUSE: (o) => `the port is already in use (another leadline, or another program, listens there); stop it or choose another port with ${o.portSetting}`,
  EACCES: (o) => `permission denied (ports below 1024 need privileges); choose another port with ${o.portSetting}`,
  EADDRNOTAVAIL: (o) => `${o.host} is not an address of this machine; fix ${o.hostSetting}`,
  ENOTFOUND: (o) => `the host name ${o.host} does not resolve; fix ${o.hostSetting}`,
  EAI_AGAIN: (o) => `the host name ${o.host} could not be resolved now; fix ${o.hostSetting} or try again`,
};

export async function startListening(app: Hono, options: ListenOptions): Promise<RunningServer> {
  try {
    return await startServer(app, options.host, options.port);
  } catch (error) {
    const reason = REASONS[(error as NodeJS.ErrnoException).code ?? ""];
    if (!reason) throw error;
    const address = options.host.includes(":") ? `[${options.host}]:${options.port}` : `${options.host}:${options.port}`;
    throw new LeadlineError("EINPUT", `cannot listen on ${address}: ${reason(options)}`, { cause: error });
  }
}

/** For `run` and `serve`: what was given on the command line, else the config's server.host and server.port. */
export function serverSettings(options: { port?: string | undefined; host?: string | undefined }): Pick<ListenOptions, "portSetting" | "hostSetting"> {
  return { portSetting: options.port === undefined ? "server.port" : "--port", hostSetting: options.host === undefined ? "server.host" : "--host" };
}
