// One-click unsubscribe over real HTTP, from the link in a message that went through a real SMTP server.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { storedSecret } from "../../src/store/meta.ts";
import { openStore, type Store } from "../../src/store/openStore.ts";
import { findSubscriber } from "../../src/store/subscribers.ts";
import { createApp } from "../../src/web/createApp.ts";
import { startServer, type RunningServer } from "../../src/web/startServer.ts";
import { runCli, writeConfig } from "../helpers/fixtures.ts";
import { setupNewsletter, type TestNewsletter } from "../helpers/newsletter.ts";
import { startSmtpServer, type TestSmtpServer } from "../helpers/smtpServer.ts";

describe("unsubscribe endpoints", () => {
  let smtp: TestSmtpServer;
  let newsletter: TestNewsletter;
  let store: Store;
  let server: RunningServer;

  beforeEach(async () => {
    smtp = await startSmtpServer();
    newsletter = setupNewsletter({ subscribers: 2, smtpUrl: smtp.url });
    store = openStore(newsletter.store);
    const app = createApp({ db: store.db, secret: storedSecret(store.db), newsletterName: "Test Brief", clock: () => new Date() });
    server = await startServer(app, "127.0.0.1", 0);
    // Point the links at this server, then send the issue.
    writeConfig(newsletter.temp, { feeds: [{ url: "news.rss" }], smtp: { url: smtp.url }, server: { publicUrl: server.url } });
    expect((await runCli(["--config", newsletter.config, "--now", "2026-11-25T12:30:00Z", "send"])).code).toBe(0);
  });

  afterEach(async () => {
    await server.close();
    store.close();
    await smtp.close();
    newsletter.temp.remove();
  });

  const linkFor = (address: string) => {
    const message = smtp.messages.find((m) => m.envelopeTo[0] === address)!;
    const list = message.parsed.headers.get("list") as { unsubscribe: { url: string } };
    return list.unsubscribe.url;
  };
  const statusOf = (address: string) => findSubscriber(store.db, address)?.status;

  it("unsubscribes on the one-click POST, with no confirmation and no login", async () => {
    const [ada, other] = newsletter.addresses as [string, string];
    const response = await fetch(linkFor(ada), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("You are unsubscribed");
    expect(statusOf(ada)).toBe("unsubscribed");
    expect(statusOf(other)).toBe("active");
    // A link rewriter (a security gateway, a redirect service) may add a trailing slash.
    expect((await fetch(`${linkFor(other)}/`, { method: "POST", body: "List-Unsubscribe=One-Click" })).status).toBe(200);
    expect(statusOf(other)).toBe("unsubscribed");
  });

  it("records the opt-out of a subscriber marked bounced or complained, so a later `status active` cannot undo it unseen", async () => {
    const [ada, other] = newsletter.addresses as [string, string];
    for (const [address, status] of [[ada, "bounced"], [other, "complained"]] as const) {
      expect((await runCli(["--config", newsletter.config, "subscribers", "status", address, status])).code).toBe(0);
      const response = await fetch(linkFor(address), { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "List-Unsubscribe=One-Click" });
      expect(await response.text()).toContain("You are unsubscribed");
      expect(statusOf(address)).toBe("unsubscribed");
    }
  });

  it("shows a confirmation page on GET and unsubscribes nobody", async () => {
    const [ada] = newsletter.addresses as [string];
    const response = await fetch(linkFor(ada));
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain(`<form method="post"><button type="submit">Unsubscribe</button></form>`);
    expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(statusOf(ada)).toBe("active");
  });

  it("refuses forged or altered tokens", async () => {
    const [ada, other] = newsletter.addresses as [string, string];
    const link = linkFor(ada);
    const token = link.split("/").pop()!;
    const [id, mac] = token.split(".") as [string, string];
    const otherId = linkFor(other).split("/").pop()!.split(".")[0]!;
    const flipped = `${mac.slice(0, -1)}${mac.endsWith("A") ? "B" : "A"}`;
    for (const forged of [`${id}.${flipped}`, `${otherId}.${mac}`, `${id}.${mac.slice(1)}`, "1", `${id}.${"x".repeat(32)}`]) {
      const response = await fetch(`${server.url}/unsubscribe/${forged}`, { method: "POST", body: "List-Unsubscribe=One-Click" });
      expect(response.status).toBe(404);
    }
    expect(statusOf(ada)).toBe("active");
    expect(statusOf(other)).toBe("active");
  });

  it("never sends to an unsubscribed address again", async () => {
    const [ada, other] = newsletter.addresses as [string, string];
    await fetch(linkFor(ada), { method: "POST", body: "List-Unsubscribe=One-Click" });
    newsletter.temp.file("news.rss", (await import("../helpers/fixtures.ts")).rssFeed("News", [{ title: "Tomorrow's story", guid: "n3", date: "Thu, 26 Nov 2026 10:00:00 GMT" }]));
    smtp.messages.length = 0;
    const next = await runCli(["--config", newsletter.config, "--now", "2026-11-26T12:30:00Z", "send"]);
    expect(next.stdout).toContain("sent 1, failed 0");
    expect(smtp.messages.map((m) => m.envelopeTo[0])).toEqual([other]);
  });
});
