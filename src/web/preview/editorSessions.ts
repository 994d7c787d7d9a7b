// Editor sessions: the access token checked once, then an HttpOnly cookie; each session has its own CSRF token.
import { randomBytes, timingSafeEqual } from "node:crypto";
import type { Context, MiddlewareHandler } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { escapeHtml, page } from "../page.ts";

export interface EditorSession {
  id: string;
  /** Every state-changing form carries it; a POST without it is refused. */
  csrf: string;
  /** What the last action said, for the next page view. */
  flash?: Flash;
  /** The control the last action came from: the next page view puts keyboard focus back there. */
  focus?: Focus;
}

/** A form by its action and the story (and direction) it acted on. */
export interface Focus {
  action: string;
  story?: string | undefined;
  direction?: string | undefined;
}

/** An action's outcome as the next page view shows it: a confirmation, or an error with what the editor had typed. */
export type Flash = { error: false; text: string } | { error: true; text: string; typed: Record<string, string> };

export type SessionEnv = { Variables: { session: EditorSession } };

const COOKIE = "leadline_preview";
/** Enough for a newsroom; the oldest sessions go first. */
const MAX_SESSIONS = 500;

export function sameSecret(given: string, expected: string): boolean {
  const [a, b] = [Buffer.from(given), Buffer.from(expected)];
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Finds or opens the request's session; with a token, only a request carrying it may open one. */
export function editorSessions(basePath: string, token: string | undefined): MiddlewareHandler<SessionEnv> {
  const sessions = new Map<string, EditorSession>();
  const open = (c: Context): EditorSession => {
    const session = { id: randomBytes(32).toString("base64url"), csrf: randomBytes(32).toString("base64url") };
    sessions.set(session.id, session);
    for (const old of sessions.keys()) if (sessions.size > MAX_SESSIONS) sessions.delete(old);
    setCookie(c, COOKIE, session.id, { path: basePath, httpOnly: true, sameSite: "Strict" });
    return session;
  };
  return async (c, next) => {
    const existing = sessions.get(getCookie(c, COOKIE) ?? "");
    if (existing) {
      c.set("session", existing);
      return next();
    }
    const offered = c.req.query("token") ?? /^Bearer (.+)$/.exec(c.req.header("authorization") ?? "")?.[1];
    if (token !== undefined && (offered === undefined || !sameSecret(offered, token))) {
      return c.html(page("Access token needed", "<h1>Access token needed</h1><p>Open the preview with <code>?token=</code> and the value of <code>LEADLINE_PREVIEW_TOKEN</code>.</p>"), 401);
    }
    c.set("session", open(c));
    // The token leaves the address bar (and the history) at once; the cookie carries the session from here.
    if (c.req.query("token") !== undefined && c.req.method === "GET") return c.redirect(c.req.path, 303);
    return next();
  };
}

/** The form's fields when its CSRF token is the session's; undefined otherwise. */
export async function checkedForm(c: Context<SessionEnv>): Promise<Record<string, string> | undefined> {
  const body = await c.req.parseBody();
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) if (typeof value === "string") fields[key] = value;
  return fields.csrf !== undefined && sameSecret(fields.csrf, c.get("session").csrf) ? fields : undefined;
}

export function refusedForm(c: Context, basePath: string) {
  return c.html(
    page("Form refused", `<h1>This form was refused</h1><p>It did not come from this preview session (no valid CSRF token). <a href="${escapeHtml(basePath)}">Reload the preview</a> and try again.</p>`),
    403,
  );
}
