// Unsubscribe links that would not work for subscribers are warned about: a loopback or http public address, a changed secret.
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/fixtures.ts";
import { setupNewsletter, type TestNewsletter } from "../helpers/newsletter.ts";
import { startSmtpServer, type TestSmtpServer } from "../helpers/smtpServer.ts";

const SECRET_A = "first-secret-0123456789";
const SECRET_B = "second-secret-0123456789";

describe("unsubscribe links subscribers can use", () => {
  let smtp: TestSmtpServer;
  let newsletter: TestNewsletter;
  afterEach(async () => {
    await smtp.close();
    newsletter.temp.remove();
  });

  const send = (env: Record<string, string>, ...args: string[]) => runCli(["--config", newsletter.config, "--now", "2026-11-25T12:30:00Z", "send", ...args], env);

  it("warns when real mail carries links to a loopback or plain-http server.publicUrl, not when it is public https", async () => {
    smtp = await startSmtpServer();
    newsletter = setupNewsletter({ subscribers: 1, smtpUrl: smtp.url });
    const loopback = await send({ LEADLINE_SECRET: SECRET_A });
    expect(loopback.code).toBe(0);
    expect(loopback.stderr).toContain("server.publicUrl is http://127.0.0.1:8025: a loopback address, so subscribers cannot unsubscribe");

    const withPublicUrl = async (publicUrl: string) => {
      newsletter.temp.remove();
      newsletter = setupNewsletter({ subscribers: 1, smtpUrl: smtp.url, config: { server: { publicUrl } } });
      return send({ LEADLINE_SECRET: SECRET_A });
    };
    expect((await withPublicUrl("http://news.example.org/leadline")).stderr).toContain("not https (one-click unsubscribe, RFC 8058, needs https)");
    const https = await withPublicUrl("https://news.example.org/leadline");
    expect(https.stdout).toContain("sent 1, failed 0");
    expect(https.stderr).not.toContain("server.publicUrl");
  });

  it("refuses a LEADLINE_SECRET too short to sign links with, and warns when the secret is not the one the last issue was signed with", async () => {
    smtp = await startSmtpServer();
    newsletter = setupNewsletter({ subscribers: 1, smtpUrl: smtp.url, config: { server: { publicUrl: "https://news.example.org/leadline" } } });
    const short = await send({ LEADLINE_SECRET: "x" });
    expect(short.code).toBe(1);
    expect(short.stderr).toContain("LEADLINE_SECRET: expected at least 16 characters (it signs every unsubscribe link), got 1");
    expect(smtp.messages).toHaveLength(0);

    expect((await send({ LEADLINE_SECRET: SECRET_A })).stderr).not.toContain("unsubscribe secret");
    // Another secret: a check (dry run) warns and changes nothing; a real send warns once, then its links carry the new secret.
    const changed = "is not the one the last issue's links were signed with: those links now answer 404";
    expect((await send({ LEADLINE_SECRET: SECRET_B }, "--dry-run")).stderr).toContain(changed);
    expect((await send({ LEADLINE_SECRET: SECRET_A }, "--dry-run")).stderr).not.toContain(changed);
    expect((await send({ LEADLINE_SECRET: SECRET_B })).stderr).toContain(changed);
    expect((await send({ LEADLINE_SECRET: SECRET_B })).stderr).not.toContain(changed);
    expect((await send({}, "--dry-run")).stderr).toContain("the unsubscribe secret (the store's own, LEADLINE_SECRET is not set)");
  });
});
