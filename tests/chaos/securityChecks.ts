// Chaos group 6: tampered unsubscribe tokens over real HTTP, path traversal in template, slot and URL paths; all refused.
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { loadConfig } from "../../src/config/load.ts";
import { silentLogger } from "../../src/logger.ts";
import { storedSecret } from "../../src/store/meta.ts";
import { loadOverrides } from "../../src/store/overrides.ts";
import { createPreview, PREVIEW_BASE } from "../../src/web/preview/createPreview.ts";
import { previewAccess } from "../../src/web/preview/previewAccess.ts";
import { openStore } from "../../src/store/openStore.ts";
import { listSubscribers } from "../../src/store/subscribers.ts";
import { signUnsubscribeToken } from "../../src/send/unsubscribeToken.ts";
import { createApp } from "../../src/web/createApp.ts";
import { startServer } from "../../src/web/startServer.ts";
import { runCli, writeConfig } from "../helpers/fixtures.ts";
import { setupNewsletter } from "../helpers/newsletter.ts";
import { chaosRow, type ChaosRow } from "./chaosRow.ts";

const NOW = "2026-11-25T12:30:00Z";

/** Ways to spoil a valid token: flip one character, borrow another id, cut, extend, encode, traverse. */
const tamper = (token: string, otherId: number) =>
  fc.oneof(
    fc.tuple(fc.nat({ max: token.length - 1 }), fc.constantFrom(..."0123456789abcdefABCDEF-_.%/")).map(([at, c]) => token.slice(0, at) + c + token.slice(at + 1)),
    fc.constant(`${otherId}.${token.split(".")[1]}`),
    fc.nat({ max: token.length - 1 }).map((n) => token.slice(0, n)),
    fc.string({ minLength: 1, maxLength: 8 }).map((s) => token + s),
    fc.constantFrom("..%2F..%2Fetc%2Fpasswd", "%2e%2e/%2e%2e/etc/passwd", `${token.split(".")[0]}.${"A".repeat(32)}`, "0.", `-1.${token.split(".")[1]}`, `${token}%00`, encodeURIComponent(` ${token}`)),
  ).filter((t) => t !== token && t.length > 0);

export async function runSecurityChecks(options: { tokens: number; seed: number }): Promise<ChaosRow[]> {
  const newsletter = setupNewsletter({ subscribers: 3, smtpUrl: "smtp://127.0.0.1:1" });
  try {
    return [await tamperedTokens(newsletter.store, options), await pathTraversal(newsletter), ...(await previewGuards(newsletter))];
  } finally {
    newsletter.temp.remove();
  }
}

async function tamperedTokens(storeFile: string, options: { tokens: number; seed: number }): Promise<ChaosRow> {
  const store = openStore(storeFile);
  const secret = storedSecret(store.db);
  const server = await startServer(createApp({ db: store.db, secret, newsletterName: "Test Brief", clock: () => new Date(NOW) }), "127.0.0.1", 0);
  const [victim, other] = listSubscribers(store.db, "active");
  const token = signUnsubscribeToken(secret, victim!.id, victim!.email);
  const problems: string[] = [];
  let tried = 0;
  try {
    for (const bad of fc.sample(tamper(token, other!.id), { numRuns: options.tokens, seed: options.seed })) {
      for (const method of ["GET", "POST"]) {
        tried += 1;
        // Encoded, so the whole spoiled token is the path (a '?' or '#' would otherwise cut it back to the valid one).
        const response = await fetch(`${server.url}/unsubscribe/${encodeURIComponent(bad)}`, { method, body: method === "POST" ? "List-Unsubscribe=One-Click" : null });
        const body = await response.text();
        if (response.status !== 404 || body.includes("@example.org") || body.includes("root:")) problems.push(`${method} ${bad}: ${response.status}`);
      }
    }
    const stillActive = listSubscribers(store.db, "active").length;
    if (stillActive !== 3) problems.push(`${3 - stillActive} subscriber(s) unsubscribed by a tampered token`);
  } finally {
    await server.close();
    store.close();
  }
  return chaosRow("6 security", "tampered unsubscribe tokens (GET and one-click POST)", { tried, survived: tried - problems.length }, problems, `${options.tokens} tampered tokens; every answer 404, no subscriber changed`);
}

/** A template including a file outside its folder, slots that are paths, encoded dot-dot URLs: none reads or writes outside. */
async function pathTraversal(newsletter: ReturnType<typeof setupNewsletter>): Promise<ChaosRow> {
  const problems: string[] = [];
  const { temp } = newsletter;
  temp.file("secret.txt", "TOP-SECRET-TEMPLATE-INCLUDE");
  mkdirSync(path.join(temp.dir, "theme", "partials"), { recursive: true });
  temp.file("theme/partials/footer.mjml", `<mj-section><mj-column><mj-text>foot</mj-text></mj-column></mj-section><mj-include path="../../secret.txt" type="html" />`);
  writeConfig(temp, { feeds: [{ url: "news.rss" }], template: "theme", smtp: { url: "smtp://127.0.0.1:1" } });
  const built = await runCli(["--config", newsletter.config, "--now", NOW, "build", "--out", path.join(temp.dir, "out")]);
  const html = existsSync(path.join(temp.dir, "out", "digest.html")) ? readFileSync(path.join(temp.dir, "out", "digest.html"), "utf8") : "";
  if (html.includes("TOP-SECRET")) problems.push("template: mj-include read a file outside the template folder");
  if (built.code === 70) problems.push(`template: build crashed: ${built.stderr.slice(0, 200)}`);
  const tried = ["template mj-include ../../secret.txt"];
  const before = readdirSync(temp.dir).sort().join();
  for (const args of [["send", "--slot", "../../etc/passwd"], ["approve", "--slot", "../../../tmp/x"], ["hold", "--slot", "..\\..\\x"], ["send", "--slot", "2026-11-25T12:00:00Z/../../x"]]) {
    tried.push(args.join(" "));
    const result = await runCli(["--config", newsletter.config, "--now", NOW, ...args]);
    if (result.code !== 1) problems.push(`${args.join(" ")}: exit ${result.code} ${(result.stdout + result.stderr).slice(0, 200)}`);
  }
  if (readdirSync(temp.dir).sort().join() !== before) problems.push("a slot that is a path wrote a file");
  const store = openStore(newsletter.store);
  const server = await startServer(createApp({ db: store.db, secret: storedSecret(store.db), newsletterName: "T", clock: () => new Date(NOW) }), "127.0.0.1", 0);
  try {
    for (const url of ["/unsubscribe/..%2F..%2F..%2Fetc%2Fpasswd", "/unsubscribe/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/..%5c..%5cetc%5cpasswd"]) {
      tried.push(`GET ${url}`);
      const response = await fetch(server.url + url);
      if (response.status !== 404 || (await response.text()).includes("root:")) problems.push(`GET ${url}: ${response.status}`);
    }
  } finally {
    await server.close();
    store.close();
  }
  return chaosRow("6 security", "path traversal: template include, --slot paths, encoded ../ URLs", { tried: tried.length, survived: tried.length - problems.length }, problems, tried.join("; "));
}

/** Non-loopback binds without a token, requests without the token, and state-changing POSTs without CSRF: all refused. */
async function previewGuards(newsletter: ReturnType<typeof setupNewsletter>): Promise<ChaosRow[]> {
  const bindProblems: string[] = [];
  const hosts = ["0.0.0.0", "::", "192.0.2.10", "news.example.org", "127.0.0.1.example.org"];
  for (const host of hosts) {
    try {
      previewAccess(host, undefined);
      bindProblems.push(`${host}: would start without a token`);
    } catch {
      // refused, as it should be
    }
  }
  const token = "chaos-preview-token-0123456789";
  const store = openStore(newsletter.store);
  const config = loadConfig(newsletter.config);
  const preview = createPreview({ db: store.db, secret: storedSecret(store.db), clock: () => new Date(NOW), log: silentLogger, loadConfig: () => config, token });
  // Token mode, still bound to 127.0.0.1 (tests never bind another address).
  const server = await startServer(createApp({ db: store.db, secret: storedSecret(store.db), newsletterName: "Test Brief", clock: () => new Date(NOW), preview }), "127.0.0.1", 0);
  const base = `${server.url}${PREVIEW_BASE}`;
  const tokenProblems: string[] = [];
  const csrfProblems: string[] = [];
  const before = JSON.stringify(loadOverrides(store.db, "Test Brief"));
  try {
    const noToken = [`${base}`, `${base}/frame?v=1`, `${base}?token=wrong-token-0123456789`, `${base}?token=${token.slice(0, -1)}`];
    for (const url of noToken) {
      const response = await fetch(url, { redirect: "manual", headers: { authorization: url.includes("token=") ? "" : "Bearer nope" } });
      if (response.status < 400) tokenProblems.push(`GET ${url.replace(server.url, "")}: ${response.status}`);
    }
    const opened = await fetch(`${base}?token=${token}`, { redirect: "manual" });
    const cookie = opened.headers.get("set-cookie")?.split(";")[0] ?? "";
    const actions = ["drop", "pin", "restore", "move", "order", "note", "subject", "approve", "hold", "refresh", "test"];
    for (const action of actions) {
      const response = await fetch(`${base}/${action}`, {
        method: "POST",
        redirect: "manual",
        headers: { cookie, origin: server.url, "content-type": "application/x-www-form-urlencoded" },
        body: "story=n1&text=x&address=editor%40example.org",
      });
      if (response.status < 400) csrfProblems.push(`POST ${action} without CSRF token: ${response.status}`);
    }
    if (JSON.stringify(loadOverrides(store.db, "Test Brief")) !== before) csrfProblems.push("an override changed");
    return [
      chaosRow("6 security", "preview without token on a non-loopback address; requests without the token", { tried: hosts.length + noToken.length, survived: hosts.length + noToken.length - bindProblems.length - tokenProblems.length }, [...bindProblems, ...tokenProblems], `refused to start on ${hosts.join(", ")}; ${noToken.length} token-less or wrong-token requests refused`),
      chaosRow("6 security", "CSRF-less POSTs to the preview", { tried: actions.length, survived: actions.length - csrfProblems.length }, csrfProblems, `${actions.join(", ")} with a valid session but no CSRF token: all 403, nothing changed`),
    ];
  } finally {
    await server.close();
    await preview.close();
    store.close();
  }
}
