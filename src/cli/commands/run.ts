// `leadline run`: the daemon — sends at each schedule slot and serves the web endpoints until SIGINT/SIGTERM.
import { startDaemon } from "../../schedule/daemon.ts";
import { createApp } from "../../web/createApp.ts";
import { LeadlineError } from "../../errors.ts";
import { consoleLogger, fixedNow, loadContextConfig, makeClock, secretFor, withStore, type CommandContext } from "../context.ts";
import { servedPreview } from "./preview.ts";
import { trackRunInFlight } from "../runInFlight.ts";
import { shutdownGraceMs, untilStopSignal } from "../shutdown.ts";
import { serverSettings, startListening } from "../startListening.ts";
import { parsePort } from "./serve.ts";
import { withFields } from "../../logger.ts";

export async function runDaemon(context: CommandContext, options: { port?: string; host?: string }): Promise<void> {
  refuseFixedClock(context);
  const graceMs = shutdownGraceMs(context.env);
  const config = loadContextConfig(context);
  const clock = makeClock(context);
  // Every line names its newsletter: several may log to one file or journal.
  const log = withFields(consoleLogger(context.output), { newsletter: config.newsletter.name });
  const port = options.port === undefined ? config.server.port : parsePort(options.port);
  const host = options.host ?? config.server.host;
  await withStore(config, async (store) => {
    const secret = secretFor(store, context.env, { log, signs: true });
    const holder: { state?: () => object } = {};
    const preview = servedPreview(context, { db: store.db, secret, clock, log });
    const app = createApp({
      db: store.db,
      secret,
      newsletterName: config.newsletter.name,
      clock,
      schedulerState: () => holder.state?.() ?? {},
      ...(preview ? { preview } : {}),
    });
    // The port before the daemon: if it is taken, no send has started. The preview has (an MJML worker,
    // file watchers), and left open it would keep the failed command from ever exiting.
    const server = await startListening(app, { host, port, ...serverSettings(options) }).catch(async (error: unknown) => {
      await preview?.close();
      throw error;
    });
    const inFlight = trackRunInFlight({ db: store.db, newsletter: config.newsletter.name, clock, log, output: context.output });
    const daemon = startDaemon({ config, db: store.db, secret, clock, log, onRunStarted: inFlight.started, onProgress: inFlight.progress });
    holder.state = daemon.state;
    log.info(`leadline run: schedule "${config.schedule.cron}" (${config.schedule.timezone}), next run ${daemon.state().nextRun}; serving ${server.url}`, {
      url: server.url,
      nextRun: daemon.state().nextRun,
    });
    const stop = await untilStopSignal(graceMs, inFlight.abandon);
    log.info(`${stop.signal}: no new runs; finishing messages in flight`, { signal: stop.signal });
    await daemon.stop();
    await server.close();
    await preview?.close();
    stop.done();
    log.info("stopped cleanly");
  });
}

/**
 * A daemon lives by the real clock: frozen, it would run the same slot at every firing ("sent" each
 * time, no new issue ever) and /healthz would show a next run in the past.
 */
function refuseFixedClock(context: CommandContext): void {
  const fixed = fixedNow(context);
  if (!fixed) return;
  const where = fixed.from === "LEADLINE_NOW" ? "unset LEADLINE_NOW (look in the service's EnvironmentFile)" : "leave out --now";
  throw new LeadlineError(
    "EINPUT",
    `leadline run needs the real clock, but ${fixed.from} fixes it at ${fixed.value}; ${where}. To reproduce one slot's run, use leadline --now ISO send`,
  );
}
