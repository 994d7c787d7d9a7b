// `leadline run`: the daemon — sends at each schedule slot and serves the web endpoints until SIGINT/SIGTERM.
import { startDaemon } from "../../schedule/daemon.ts";
import { createApp } from "../../web/createApp.ts";
import { startServer } from "../../web/startServer.ts";
import { consoleLogger, loadContextConfig, makeClock, secretFor, withStore, type CommandContext } from "../context.ts";
import { servedPreview } from "./preview.ts";
import { parsePort, untilStopSignal } from "./serve.ts";

export async function runDaemon(context: CommandContext, options: { port?: string; host?: string }): Promise<void> {
  const config = loadContextConfig(context);
  const clock = makeClock(context);
  const log = consoleLogger(context.output);
  const port = options.port === undefined ? config.server.port : parsePort(options.port);
  const host = options.host ?? config.server.host;
  await withStore(config, async (store) => {
    const secret = secretFor(store, context.env);
    const daemon = startDaemon({ config, db: store.db, secret, clock, log });
    const preview = servedPreview(context, { db: store.db, secret, clock, log });
    const app = createApp({ db: store.db, secret, newsletterName: config.newsletter.name, clock, schedulerState: daemon.state, ...(preview ? { preview } : {}) });
    const server = await startServer(app, host, port);
    log.info(`leadline run: schedule "${config.schedule.cron}" (${config.schedule.timezone}), next run ${daemon.state().nextRun}; serving ${server.url}`, {
      url: server.url,
      nextRun: daemon.state().nextRun,
    });
    const signal = await untilStopSignal();
    log.info(`${signal}: no new runs; finishing messages in flight`, { signal });
    // Bounded: past the grace the process leaves and the journal keeps the rest for the next run.
    const forced = setTimeout(() => process.exit(0), 30_000);
    forced.unref();
    await daemon.stop();
    await server.close();
    preview?.close();
    clearTimeout(forced);
    log.info("stopped cleanly");
  });
}
