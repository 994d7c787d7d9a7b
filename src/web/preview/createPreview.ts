// The editor's preview web app (mounted at /preview): the page, the message frame, live reload and the actions.
import { randomBytes } from "node:crypto";
import { Hono, type Context } from "hono";
import { csrf } from "hono/csrf";
import { streamSSE } from "hono/streaming";
import type { Config } from "../../config/load.ts";
import { LeadlineError } from "../../errors.ts";
import { sendTest } from "../../issue/sendNewsletter.ts";
import type { Logger } from "../../logger.ts";
import { openMjmlCompiler } from "../../render/mjml.ts";
import { DEFAULT_THEME_DIR } from "../../render/theme.ts";
import { approvedVersion, sameContent, slotDecision } from "../../store/approvals.ts";
import { findIssue } from "../../store/issues.ts";
import { loadOverrides } from "../../store/overrides.ts";
import { slotFoundNothingNew } from "../../store/runs.ts";
import { currentSlot } from "../../schedule/slot.ts";
import type { Db } from "../../store/openStore.ts";
import { editorActions } from "./editorActions.ts";
import { editorPage } from "./editorPage.ts";
import { editorTime } from "./editorTime.ts";
import { checkedForm, editorSessions, refusedForm, type SessionEnv } from "./editorSessions.ts";
import { previewBuilds } from "./previewBuilds.ts";
import { watchSources } from "./watchSources.ts";

export const PREVIEW_BASE = "/preview";

export interface PreviewDeps {
  db: Db;
  /** HMAC key for unsubscribe links in test sends. */
  secret: string;
  clock: () => Date;
  log: Logger;
  /** Reads the config file again: the page follows edits to it. */
  loadConfig: () => Config;
  /** When set, every request needs it (`?token=` once, then the session cookie; or `Authorization: Bearer`). */
  token?: string | undefined;
}

export interface Preview {
  routes: Hono<SessionEnv>;
  /** Stops watching the templates and the config, and ends the MJML worker. */
  close(): Promise<void>;
}

const EDITOR_CSP = (nonce: string) =>
  `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; connect-src 'self'; frame-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`;
/** The message itself: its images and styles, no scripts (the CSP sandbox on top of the iframe's), framed by the editor page only. */
const FRAME_CSP = "default-src 'none'; img-src http: https: data:; style-src 'unsafe-inline' http: https:; font-src http: https: data:; frame-ancestors 'self'; sandbox";

export function createPreview(deps: PreviewDeps): Preview {
  // Kept for the preview's life: each page view compiles, and loading mjml again would take 0.4 s each time.
  const mjml = openMjmlCompiler();
  const builds = previewBuilds({ ...deps, mjml });
  const listeners = new Set<() => void>();
  const first = deps.loadConfig();
  const watcher = watchSources({ configFile: first.file, templateDir: first.template ?? DEFAULT_THEME_DIR }, () => {
    for (const listener of listeners) listener();
  });
  const app = new Hono<SessionEnv>();
  app.use(editorSessions(PREVIEW_BASE, deps.token));
  app.use(csrf());
  app.use(async (c, next) => {
    await next();
    c.header("Cache-Control", "no-store");
  });

  app.get("/", async (c) => {
    const build = await builds.build();
    const session = c.get("session");
    const { flash, focus } = session;
    delete session.flash;
    delete session.focus;
    const nonce = randomBytes(16).toString("base64");
    const decision = build.config && build.slot ? slotDecision(deps.db, build.config.newsletter.name, build.slot) : undefined;
    const approved = decision === "approved" && build.slot ? approvedVersion(deps.db, build.config!.newsletter.name, build.slot) : undefined;
    // What goes out is the version approved: the editor is told when the page now shows another.
    const approvedOther = approved && (!build.built || !sameContent(approved.digest, build.built.digest)) ? { at: approved.approvedAt, lead: approved.digest.lead.title } : undefined;
    const skipped = build.config && build.slot ? skippedUnapproved(build.config, deps.db, deps.clock(), build.slot) : undefined;
    c.header("Content-Security-Policy", EDITOR_CSP(nonce));
    c.header("X-Frame-Options", "DENY");
    const dropped = !build.built && build.config ? loadOverrides(deps.db, build.config.newsletter.name).drops : undefined;
    return c.html(editorPage({ base: PREVIEW_BASE, build, csrf: session.csrf, nonce, flash, focus, decision, approvedOther, dropped, skipped }));
  });

  app.get("/frame", (c) => {
    const message = builds.find(Number(c.req.query("v")))?.message;
    c.header("Content-Security-Policy", FRAME_CSP);
    c.header("X-Frame-Options", "SAMEORIGIN");
    if (!message) return c.text("This preview is out of date; reload the page.", 410);
    return c.html(message.html);
  });

  app.get("/events", (c) =>
    streamSSE(c, async (stream) => {
      await stream.writeSSE({ event: "ready", data: "" });
      await new Promise<void>((resolve) => {
        const reload = () => void stream.writeSSE({ event: "reload", data: "" }).catch(() => undefined);
        listeners.add(reload);
        stream.onAbort(() => {
          listeners.delete(reload);
          resolve();
        });
      });
    }),
  );

  const actions = editorActions({ ...deps, latest: async () => builds.latest() ?? (await builds.build()), find: (version) => builds.find(version) });
  app.post("/test", (c) => handle(c, "test", async (form) => {
    const config = deps.loadConfig();
    const summary = await sendTest({ config, db: deps.db, secret: deps.secret, clock: deps.clock, log: deps.log }, actions.address(form.address), { useApproved: false });
    if ("nothingToSend" in summary) throw new LeadlineError("EINPUT", `no test sent: ${summary.nothingToSend}`);
    if (!summary.sent) throw new LeadlineError("ESEND", `The test to ${form.address} failed: ${summary.failures[0]?.response}`);
    // No smtp.url: the message is a file, and an editor waiting for it in their inbox would wait for ever.
    if (summary.outbox) return `Test not mailed: no SMTP server is configured (smtp.url), so the message to ${form.address} was written to ${summary.outbox}/: "${summary.subject}"`;
    return `Test sent to ${form.address}: "${summary.subject}"`;
  }));
  for (const [name, action] of Object.entries(actions.byName)) app.post(`/${name}`, (c) => handle(c, name, action));

  return {
    routes: app,
    close: async () => {
      watcher.close();
      await mjml.close();
    },
  };
}

/**
 * Runs an action with the form's fields (refused without the CSRF token) and shows the page again with its
 * outcome (its message, or its error along with what the editor typed, so a mistake is fixed, not retyped)
 * and the focus back on the control used.
 */
async function handle(c: Context<SessionEnv>, name: string, action: (form: Record<string, string>) => Promise<string | undefined> | string | undefined) {
  const form = await checkedForm(c);
  if (!form) return refusedForm(c, PREVIEW_BASE);
  const session = c.get("session");
  // Keyboard users go on from the control they used, not from the top of the page.
  session.focus = { action: name, story: form.story, direction: form.direction };
  try {
    const message = await action(form);
    if (message) session.flash = { error: false, text: message };
  } catch (error) {
    if (!(error instanceof LeadlineError)) throw error;
    const { csrf: _, ...typed } = form;
    session.flash = { error: true, text: error.message, typed };
  }
  return c.redirect(PREVIEW_BASE, 303);
}

/**
 * Today's issue, when it waited for an approval that never came and was skipped at its deadline: the
 * page has moved on to the next slot, and without this an editor would take the same stories for the
 * issue that was due and approve the next one.
 */
function skippedUnapproved(config: Config, db: Db, now: Date, shown: string): string | undefined {
  const { schedule } = config;
  const name = config.newsletter.name;
  const current = currentSlot(schedule, now);
  if (!schedule.requireApproval || schedule.onDeadline !== "skip" || shown === current) return undefined;
  const deadline = Date.parse(current) + schedule.approvalDeadlineMinutes * 60_000;
  if (now.getTime() < deadline || findIssue(db, name, current) || slotDecision(db, name, current) === "approved" || slotFoundNothingNew(db, name, current)) return undefined;
  const at = (instant: string | number) => editorTime(new Date(instant), schedule.timezone);
  return `The issue for ${at(current)} was not approved by its deadline (${at(deadline)}), so it was not sent (schedule.onDeadline: skip). This page is about the next slot.`;
}
