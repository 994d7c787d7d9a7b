// The preview's guards over real HTTP: the access token in token mode, CSRF on every POST, the security headers, the bind check.
import { describe, expect, it } from "vitest";
import { loadOverrides } from "../../src/store/overrides.ts";
import { isLoopbackHost, previewAccess } from "../../src/web/preview/previewAccess.ts";
import { usePreviewWorld, type PreviewWorld } from "./previewWorld.ts";

const TOKEN = "preview-token-0123456789abcdef";

/** Opens a session like a browser would: the page, its cookie and its CSRF token. */
async function openSession(world: PreviewWorld, init: RequestInit = {}) {
  const response = await fetch(world.url, { redirect: "manual", ...init });
  const cookie = response.headers.get("set-cookie")!.split(";")[0]!;
  const html = await fetch(world.url, { headers: { cookie } }).then((r) => r.text());
  return { cookie, csrf: /name="csrf" value="([^"]+)"/.exec(html)![1]! };
}

function post(world: PreviewWorld, action: string, fields: Record<string, string>, headers: Record<string, string>) {
  return fetch(`${world.url}/${action}`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: world.server.url, ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

const drops = (world: PreviewWorld) => loadOverrides(world.store.db, "Test Brief").drops;

describe("preview on loopback, no token", () => {
  const world = usePreviewWorld();

  it("refuses a POST without the session's CSRF token, or from another origin; takes it with both", async () => {
    const { cookie, csrf } = await openSession(world);
    const missing = await post(world, "drop", { story: "wire-bakery" }, { cookie });
    expect(missing.status).toBe(403);
    expect(await missing.text()).toContain("no valid CSRF token");
    const wrong = await post(world, "drop", { story: "wire-bakery", csrf: `${csrf.slice(0, -1)}x` }, { cookie });
    expect(wrong.status).toBe(403);
    const otherSession = await openSession(world);
    expect((await post(world, "drop", { story: "wire-bakery", csrf: otherSession.csrf }, { cookie })).status).toBe(403);
    const crossSite = await post(world, "drop", { story: "wire-bakery", csrf }, { cookie, origin: "https://evil.example" });
    expect(crossSite.status).toBe(403);
    expect(drops(world)).toEqual([]);

    const accepted = await post(world, "drop", { story: "wire-bakery", csrf }, { cookie });
    expect(accepted.status).toBe(303);
    expect(accepted.headers.get("location")).toBe("/preview");
    expect(drops(world)).toEqual(["wire-bakery"]);
  });

  it("sends the editor page and the message frame with their own CSPs; nothing else may frame the page", async () => {
    const page = await fetch(world.url);
    const csp = page.headers.get("content-security-policy")!;
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/script-src 'nonce-[\w+/=]+';/);
    expect(csp).not.toContain("unsafe-inline");
    expect(page.headers.get("x-content-type-options")).toBe("nosniff");
    expect(page.headers.get("x-frame-options")).toBe("DENY");
    expect(page.headers.get("set-cookie")).toMatch(/HttpOnly; SameSite=Strict/);
    const html = await page.text();
    const nonce = /'nonce-([\w+/=]+)'/.exec(csp)![1];
    // Exactly one script, carrying the nonce; the frames may run none.
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).toContain(`<script nonce="${nonce}">`);
    expect(html.match(/<iframe sandbox src=/g)).toHaveLength(2);

    const version = /frame\?v=(\d+)/.exec(html)![1];
    const frame = await fetch(`${world.url}/frame?v=${version}`, { headers: { cookie: page.headers.get("set-cookie")!.split(";")[0]! } });
    expect(frame.status).toBe(200);
    const frameCsp = frame.headers.get("content-security-policy")!;
    expect(frameCsp).toContain("sandbox");
    expect(frameCsp).toContain("frame-ancestors 'self'");
    expect(frameCsp).not.toContain("script-src");
    expect(frame.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("leaves the unsubscribe endpoints and /healthz as they were", async () => {
    const health = await fetch(`${world.server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(health.headers.get("content-security-policy")).toBe("default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'");
  });
});

describe("preview in token mode (bound to 127.0.0.1)", () => {
  const world = usePreviewWorld({ token: TOKEN });

  it("refuses every request without the access token", async () => {
    for (const path of ["", "/frame?v=1", "/events"]) {
      const response = await fetch(`${world.url}${path}`);
      expect(response.status, path).toBe(401);
      expect(response.headers.get("set-cookie")).toBeNull();
    }
    expect((await fetch(`${world.url}?token=${TOKEN.slice(0, -1)}x`)).status).toBe(401);
    expect((await fetch(world.url, { headers: { authorization: "Bearer wrong-token-0123456789" } })).status).toBe(401);
    const unauthorised = await post(world, "drop", { story: "wire-bakery" }, {});
    expect(unauthorised.status).toBe(401);
    expect(drops(world)).toEqual([]);
    // The public endpoints need no token.
    expect((await fetch(`${world.server.url}/healthz`)).status).toBe(200);
  });

  it("takes the token once in the address, then the session cookie; or as a Bearer header", async () => {
    const first = await fetch(`${world.url}?token=${TOKEN}`, { redirect: "manual" });
    expect(first.status).toBe(303);
    expect(first.headers.get("location")).toBe("/preview");
    const { cookie, csrf } = await openSession(world, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect((await fetch(world.url, { headers: { cookie } })).status).toBe(200);
    expect((await post(world, "drop", { story: "wire-bakery", csrf }, { cookie })).status).toBe(303);
    expect(drops(world)).toEqual(["wire-bakery"]);
    // A made-up cookie opens nothing.
    expect((await fetch(world.url, { headers: { cookie: "leadline_preview=forged" } })).status).toBe(401);
  });
});

describe("where the preview may listen", () => {
  it("refuses a non-loopback address without a token, and too short a token anywhere", () => {
    for (const host of ["0.0.0.0", "::", "192.168.1.20", "preview.example.org"]) {
      expect(() => previewAccess(host, undefined), host).toThrow(/not a loopback address, without an access token; set LEADLINE_PREVIEW_TOKEN/);
      expect(() => previewAccess(host, ""), host).toThrow(/LEADLINE_PREVIEW_TOKEN/);
    }
    expect(() => previewAccess("0.0.0.0", "short")).toThrow("LEADLINE_PREVIEW_TOKEN: expected at least 16 characters, got 5");
  });

  it("needs no token on loopback, and requires one whenever it is set", () => {
    for (const host of ["127.0.0.1", "127.0.0.2", "localhost", "::1", "[::1]"]) {
      expect(isLoopbackHost(host), host).toBe(true);
      expect(previewAccess(host, undefined)).toEqual({});
    }
    expect(previewAccess("0.0.0.0", TOKEN)).toEqual({ token: TOKEN });
    expect(previewAccess("127.0.0.1", TOKEN)).toEqual({ token: TOKEN });
  });
});
