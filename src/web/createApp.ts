// Leadline's web server: unsubscribe endpoints, a health check and (when given) the editor's preview, behind standard security headers.
import { Hono } from "hono";
import { secureHeaders } from "hono/secure-headers";
import { bodyLimit } from "hono/body-limit";
import { PREVIEW_BASE, type Preview } from "./preview/createPreview.ts";
import { unsubscribeRoutes, type UnsubscribeDeps } from "./unsubscribeRoutes.ts";

export interface WebDeps extends UnsubscribeDeps {
  /** The scheduler's view for /healthz (last run, next run) when the daemon serves this app. */
  schedulerState?: () => object;
  /** The editor's preview, served under /preview (it checks its own access token). */
  preview?: Preview;
}

export function createApp(deps: WebDeps): Hono {
  // Not strict: a link rewriter that adds a trailing slash must not break an unsubscribe link.
  const app = new Hono({ strict: false });
  app.use(
    secureHeaders({
      contentSecurityPolicy: { defaultSrc: ["'none'"], styleSrc: ["'unsafe-inline'"], formAction: ["'self'"], frameAncestors: ["'none'"] },
      xFrameOptions: "DENY",
      referrerPolicy: "no-referrer",
      // The preview sets its own CSP (a nonce for its script; frames for the message); everything else gets this one.
      overwrite: false,
    }),
  );
  app.use(bodyLimit({ maxSize: 64 * 1024 }));
  app.route("/", unsubscribeRoutes(deps));
  if (deps.preview) app.route(PREVIEW_BASE, deps.preview.routes);
  app.get("/healthz", (c) => {
    const storeOk = isReachable(deps.db);
    const body = { ok: storeOk, store: storeOk ? "reachable" : "unreachable", time: deps.clock().toISOString(), ...deps.schedulerState?.() };
    return c.json(body, storeOk ? 200 : 503);
  });
  return app;
}

/** The store answers a trivial query (a closed or broken database says no, not 500). */
function isReachable(db: WebDeps["db"]): boolean {
  try {
    return db.prepare("SELECT 1 AS ok").get() !== undefined;
  } catch {
    return false;
  }
}
