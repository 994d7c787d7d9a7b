// `leadline serve`: the web server (unsubscribe endpoints, /healthz) until SIGINT or SIGTERM.
import { LeadlineError } from "../../errors.ts";
import { shutdownGraceMs, untilStopSignal } from "../shutdown.ts";
import { createApp } from "../../web/createApp.ts";
import { serverSettings, startListening } from "../startListening.ts";
import { consoleLogger, loadContextConfig, makeClock, secretFor, withStore, type CommandContext } from "../context.ts";

export async function runServe(context: CommandContext, options: { port?: string; host?: string }): Promise<void> {
  const graceMs = shutdownGraceMs(context.env);
  const config = loadContextConfig(context);
  const port = options.port === undefined ? config.server.port : parsePort(options.port);
  await withStore(config, async (store) => {
    const app = createApp({ db: store.db, secret: secretFor(store, context.env, { log: consoleLogger(context.output), signs: false }), newsletterName: config.newsletter.name, clock: makeClock(context) });
    const server = await startListening(app, { host: options.host ?? config.server.host, port, ...serverSettings(options) });
    context.output.err(`serving on ${server.url} (unsubscribe links: ${config.server.publicUrl}/unsubscribe/…); Ctrl-C to stop`);
    const stop = await untilStopSignal(graceMs);
    await server.close();
    stop.done();
  });
}

export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new LeadlineError("EINPUT", `--port: expected 0–65535, got "${value}"`);
  return port;
}
