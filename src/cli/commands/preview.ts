// `leadline preview`: the editor's web page for the next issue, on 127.0.0.1 unless an access token is set.
import type { Logger } from "../../logger.ts";
import type { Db } from "../../store/openStore.ts";
import { createApp } from "../../web/createApp.ts";
import { createPreview, PREVIEW_BASE, type Preview } from "../../web/preview/createPreview.ts";
import { previewAccess } from "../../web/preview/previewAccess.ts";
import { consoleLogger, loadContextConfig, makeClock, secretFor, withStore, type CommandContext } from "../context.ts";
import { shutdownGraceMs, untilStopSignal } from "../shutdown.ts";
import { startListening } from "../startListening.ts";
import { parsePort } from "./serve.ts";

/** Not server.port, so the preview can run beside `leadline serve` or `leadline run`. */
const DEFAULT_PORT = 8026;

export async function runPreview(context: CommandContext, options: { port?: string; host?: string }): Promise<void> {
  const config = loadContextConfig(context);
  const host = options.host ?? "127.0.0.1";
  const port = options.port === undefined ? DEFAULT_PORT : parsePort(options.port);
  // Checked before anything is bound: a public address without a token never serves a single request.
  const access = previewAccess(host, context.env.LEADLINE_PREVIEW_TOKEN);
  const graceMs = shutdownGraceMs(context.env);
  await withStore(config, async (store) => {
    const clock = makeClock(context);
    const secret = secretFor(store, context.env, { log: consoleLogger(context.output), signs: false });
    const preview = createPreview({ db: store.db, secret, clock, log: consoleLogger(context.output), loadConfig: () => loadContextConfig(context), token: access.token });
    try {
      const app = createApp({ db: store.db, secret, newsletterName: config.newsletter.name, clock, preview });
      // No config key: the preview's address comes from its options alone.
      const server = await startListening(app, { host, port, portSetting: "--port", hostSetting: "--host" });
      const tokenHint = access.token ? "?token=<LEADLINE_PREVIEW_TOKEN>" : "";
      context.output.err(`editor preview on ${server.url}${PREVIEW_BASE}${tokenHint}; it reloads when the templates or the config change; Ctrl-C to stop`);
      const stop = await untilStopSignal(graceMs);
      await server.close();
      stop.done();
    } finally {
      await preview.close();
    }
  });
}

/**
 * The preview for `leadline run`, which usually sits behind a public reverse proxy: served only with
 * LEADLINE_PREVIEW_TOKEN set, and then always behind the token, whatever address it is bound to.
 */
export function servedPreview(context: CommandContext, deps: { db: Db; secret: string; clock: () => Date; log: Logger }): Preview | undefined {
  const token = context.env.LEADLINE_PREVIEW_TOKEN;
  if (!token) {
    deps.log.info("editor preview not served: set LEADLINE_PREVIEW_TOKEN to serve it at /preview");
    return undefined;
  }
  const access = previewAccess("0.0.0.0", token);
  return createPreview({ ...deps, loadConfig: () => loadContextConfig(context), token: access.token });
}
