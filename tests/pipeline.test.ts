// The whole job end to end: feeds over loopback HTTP → digest → MJML → SMTP into a real server.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startHttpServer, serve, type TestHttpServer } from "./helpers/httpServer.ts";
import { makeTempDir, rssFeed, runCli, writeConfig, type TempDir } from "./helpers/fixtures.ts";
import { startSmtpServer, type TestSmtpServer } from "./helpers/smtpServer.ts";

const NOW = "2026-11-25T12:30:00Z";

const world = rssFeed("World", [
  { title: "Lead story with a picture", guid: "w1", date: "Wed, 25 Nov 2026 10:00:00 GMT", description: "The lead's summary text.", image: "https://img.example.org/lead.jpg" },
  { title: "Second world story", guid: "w2", date: "Wed, 25 Nov 2026 11:00:00 GMT", description: "Second summary." },
]);
const city = rssFeed("City", [
  { title: "City hall &amp; the budget", guid: "c1", date: "Wed, 25 Nov 2026 09:00:00 GMT", description: "Council members argued over the budget for hours." },
]);

describe("leadline send, end to end", () => {
  let http: TestHttpServer;
  let smtp: TestSmtpServer;
  let temp: TempDir;
  let config: string;

  beforeEach(async () => {
    http = await startHttpServer({
      "/world.rss": serve(world),
      "/city.rss": serve(city),
      "/broken.rss": serve("<html>Internal error</html>", "text/html", 500),
    });
    smtp = await startSmtpServer();
    temp = makeTempDir();
    config = writeConfig(temp, {
      feeds: [
        { url: `${http.url}/world.rss`, name: "World" },
        { url: `${http.url}/broken.rss`, name: "Broken Wire" },
        { url: `${http.url}/city.rss`, name: "City" },
      ],
      smtp: { url: smtp.url },
    });
    temp.file("subscribers.csv", "email,name\nada@example.org,Ada\ngrace@example.org,Grace\n");
    expect((await runCli(["--config", config, "subscribers", "import", `${temp.dir}/subscribers.csv`])).code).toBe(0);
  });

  afterEach(async () => {
    await smtp.close();
    await http.close();
    temp.remove();
  });

  it("sends each subscriber one multipart/alternative message with the lead and the headlines", async () => {
    const result = await runCli(["--config", config, "--now", NOW, "send"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("sent 2, failed 0");

    const recipients = smtp.messages.flatMap((m) => m.envelopeTo).sort();
    expect(recipients).toEqual(["ada@example.org", "grace@example.org"]);
    for (const message of smtp.messages) {
      const { parsed, raw } = message;
      expect(parsed.headers.get("content-type")).toMatchObject({ value: "multipart/alternative" });
      expect(parsed.subject).toBe("Test Brief: Lead story with a picture");
      expect(parsed.html).toContain("Lead story with a picture");
      expect(parsed.html).toContain('src="https://img.example.org/lead.jpg"');
      expect(parsed.html).toContain("Second world story");
      expect(parsed.html).toContain("City hall &amp; the budget");
      expect(parsed.text).toContain("LEAD STORY WITH A PICTURE");
      expect(parsed.text).toContain("Second world story");
      expect(parsed.text).toContain("City hall & the budget");
      expect(parsed.text).toContain(message.envelopeTo[0]);
      expect(raw.toString()).toMatch(/^List-Unsubscribe:\s*<http:\/\/127\.0\.0\.1:8025\/unsubscribe\/\d+\.[\w-]+>/m);
    }
  });

  it("reports a broken feed by name and still sends the digest", async () => {
    const result = await runCli(["--config", config, "--now", NOW, "send"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/feed "Broken Wire" failed \(http:\/\/127\.0\.0\.1:\d+\/broken\.rss\): HTTP 500/);
    expect(smtp.messages).toHaveLength(2);
  });

  it("never sends the same issue twice to an address", async () => {
    expect((await runCli(["--config", config, "--now", NOW, "send"])).code).toBe(0);
    const again = await runCli(["--config", config, "--now", "2026-11-25T13:00:00Z", "send"]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("sent 0, failed 0, skipped 2");
    expect(smtp.messages).toHaveLength(2);
  });

  it("sends a test to one address without touching the journal", async () => {
    const withSlot = await runCli(["--config", config, "--now", NOW, "send", "--to", "editor@example.org", "--slot", "2026-11-25T12:00:00Z"]);
    expect(withSlot.code).toBe(1);
    expect(withSlot.stderr).toContain("--to sends a test of the next issue and takes no --slot");
    const test = await runCli(["--config", config, "--now", NOW, "send", "--to", "editor@example.org"]);
    expect(test.code).toBe(0);
    expect(test.stdout).toBe('test: "[TEST] Test Brief: Lead story with a picture" sent to editor@example.org');
    expect(smtp.messages.map((m) => m.envelopeTo[0])).toEqual(["editor@example.org"]);
    expect(smtp.messages[0]!.parsed.subject).toBe("[TEST] Test Brief: Lead story with a picture");
    const real = await runCli(["--config", config, "--now", NOW, "send"]);
    expect(real.stdout).toContain("sent 2, failed 0, skipped 0");
  });

  it("exits non-zero and names the address when the server refuses it", async () => {
    await smtp.close();
    smtp = await startSmtpServer({ rule: (address) => (address.startsWith("grace") ? { code: 550, message: "5.1.1 No such user" } : undefined) });
    const yaml = writeConfig(temp, {
      feeds: [{ url: `${http.url}/world.rss`, name: "World" }],
      smtp: { url: smtp.url },
    });
    const result = await runCli(["--config", yaml, "--now", NOW, "send"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("sent 1, failed 1");
    expect(result.stdout).toMatch(/failed grace@example\.org: 550 5\.1\.1 No such user/);
  });
});
