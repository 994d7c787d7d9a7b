import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeTempDir, rssFeed, runCli, writeConfig, type TempDir } from "../helpers/fixtures.ts";
import { serve, startHttpServer, type TestHttpServer } from "../helpers/httpServer.ts";

describe("leadline feeds", () => {
  let http: TestHttpServer;
  let temp: TempDir;
  let config: string;
  beforeEach(async () => {
    http = await startHttpServer({
      "/world.rss": serve(rssFeed("World", [{ title: "Lead story", guid: "w1", date: "Wed, 25 Nov 2026 06:00:00 GMT", description: "Text" }])),
      "/broken.rss": serve("<html>oops</html>", "text/html"),
    });
    temp = makeTempDir();
    mkdirSync(path.join(temp.dir, "lists"));
    temp.file(
      "lists/more.opml",
      `<?xml version="1.0"?><opml version="2.0"><head><title>More</title></head><body>
        <outline text="Science"><outline text="Broken &amp; Co" xmlUrl="${http.url}/broken.rss"/></outline>
        <outline text="Local" xmlUrl="../local.xml"/>
      </body></opml>`,
    );
    temp.file("local.xml", rssFeed("Local", [{ title: "Local story", guid: "l1", date: "Wed, 25 Nov 2026 05:00:00 GMT" }]));
    config = writeConfig(temp, { feeds: [{ url: `${http.url}/world.rss`, name: "World" }, { opml: "lists/more.opml" }] });
  });
  afterEach(async () => {
    await http.close();
    temp.remove();
  });

  it("reads feeds from an OPML list, names each failed feed in the run, and keeps their health", async () => {
    const now = "2026-11-25T12:00:00Z";
    const build = await runCli(["-c", config, "--now", now, "build", "--out", path.join(temp.dir, "build")]);
    expect(build.code).toBe(0);
    expect(build.stderr).toContain(`warning: feed "Broken & Co" failed (${http.url}/broken.rss): not a readable RSS, Atom or JSON feed: the root element is <html>`);
    const digest = JSON.parse(readFileSync(path.join(temp.dir, "build", "digest.json"), "utf8"));
    expect([digest.lead.title, ...digest.headlines.map((h: { title: string }) => h.title)]).toEqual(["Lead story", "Local story"]);

    const status = await runCli(["-c", config, "feeds", "status", "--json"]);
    expect(status.code).toBe(1);
    const rows = status.stdout.split("\n").map((l) => JSON.parse(l));
    expect(rows.map((r) => [r.name, r.state, r.consecutiveFailures])).toEqual([
      ["World", "ok", 0],
      ["Broken & Co", "failing", 1],
      ["Local", "ok", 0],
    ]);
    expect(rows[0]).toMatchObject({ lastSuccessAt: "2026-11-25T12:00:00.000Z", lastError: null });
    expect(rows[1]).toMatchObject({ lastSuccessAt: null, lastErrorAt: "2026-11-25T12:00:00.000Z", lastError: expect.stringContaining("<html>") });

    const text = await runCli(["-c", config, "feeds", "status"]);
    expect(text.stdout).toContain(`Broken & Co (${http.url}/broken.rss): failing, 1 failure(s) in a row`);
  });

  it("exports the configured feeds as OPML and imports them back as a feeds: block", async () => {
    const out = path.join(temp.dir, "export.opml");
    expect((await runCli(["-c", config, "--now", "2026-11-25T12:00:00Z", "feeds", "export", "--out", out])).code).toBe(0);
    const opml = readFileSync(out, "utf8");
    expect(opml).toContain('<outline type="rss" text="Broken &amp; Co" title="Broken &amp; Co"');
    const imported = await runCli(["feeds", "import", out]);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toBe(
      [
        "feeds:",
        `  - url: ${http.url}/world.rss`,
        "    name: World",
        `  - url: ${http.url}/broken.rss`,
        "    name: Broken & Co",
        `  - url: ${path.join(temp.dir, "local.xml")}`,
        "    name: Local",
      ].join("\n"),
    );
  });

  it("reads an OPML file in the encoding its XML declaration names (a reader's ISO-8859-1 export)", async () => {
    const latin1 = path.join(temp.dir, "latin1.opml");
    const opml = `<?xml version="1.0" encoding="ISO-8859-1"?>\n<opml version="2.0"><body><outline type="rss" text="Caf\xe9 M\xfcller" xmlUrl="https://example.org/cafe.rss"/></body></opml>\n`;
    writeFileSync(latin1, Buffer.from(opml, "latin1"));
    const imported = await runCli(["feeds", "import", latin1]);
    expect(imported.stdout).toBe(["feeds:", "  - url: https://example.org/cafe.rss", "    name: Café Müller"].join("\n"));
  });

  it("says a file that is not XML is no OPML file, rather than reading its text as elements", async () => {
    // A config file: its "Name <address>" would otherwise pass for an element named <news@example.org>.
    const result = await runCli(["feeds", "import", config]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`leadline: ${config}: not a usable OPML file: it is not XML (an OPML file starts with <?xml or <opml>)`);
  });

  it("names the config key and file when an OPML list is missing", async () => {
    const bad = writeConfig(temp, { feeds: [{ opml: "nope.opml" }] });
    const result = await runCli(["-c", bad, "feeds", "export"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`leadline: ${bad}: feeds[0].opml: ${path.join(temp.dir, "nope.opml")}: file not found`);
  });
});
