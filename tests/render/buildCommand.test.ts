// `leadline build` end to end: feeds over loopback HTTP → the example message, its web version and the preview page.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { DomUtils, parseDocument } from "htmlparser2";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { launchChromium } from "../helpers/chromium.ts";
import { makeTempDir, rssFeed, runCli, writeConfig, type TempDir } from "../helpers/fixtures.ts";
import { serve, startHttpServer, type TestHttpServer } from "../helpers/httpServer.ts";
import { startSmtpServer } from "../helpers/smtpServer.ts";

const NOW = "2026-11-25T12:30:00Z"; // the test schedule (12:00 UTC, tests/helpers/fixtures.ts) puts this in the 12:00 slot
const ARCHIVE = "https://news.example.org/archive/2026-11-25-1200.html";

const world = rssFeed(
  "World",
  Array.from({ length: 6 }, (_, i) => ({
    title: `World story ${i}`,
    guid: `w${i}`,
    date: `Wed, 25 Nov 2026 0${i}:00:00 GMT`,
    description: `Summary of world story ${i}.`,
    ...(i === 5 ? { image: "https://img.example.org/lead.jpg" } : {}),
  })),
);

/** The same stories, the lead's photo given as media:content with its size (1200 × 675), as news sites' feeds do. */
const worldWithSizes = world.replace(
  '<enclosure url="https://img.example.org/lead.jpg" type="image/jpeg" length="1000" />',
  '<media:content url="https://img.example.org/lead.jpg" medium="image" width="1200" height="675" />',
);

describe("leadline build", () => {
  let http: TestHttpServer;
  let temp: TempDir;
  let out: string;

  beforeEach(async () => {
    http = await startHttpServer({ "/world.rss": serve(world), "/world-sized.rss": serve(worldWithSizes) });
    temp = makeTempDir();
    out = path.join(temp.dir, "out");
  });
  afterEach(async () => {
    await http.close();
    temp.remove();
  });

  function config(extra: Record<string, unknown> = {}) {
    return writeConfig(temp, {
      newsletter: { name: "Test Brief", from: "Test Brief <news@example.org>", siteUrl: "https://news.example.org", archiveUrl: "https://news.example.org/archive/" },
      feeds: [{ url: `${http.url}/world.rss`, name: "World" }],
      ...extra,
    });
  }

  it("writes the message, a web version without personal data under archive/, and a preview page", async () => {
    const result = await runCli(["--config", config(), "--now", NOW, "build", "--out", out]);
    expect(result.code).toBe(0);
    const html = readFileSync(path.join(out, "digest.html"), "utf8");
    expect(html).toContain(`<a href="${ARCHIVE}">View in browser</a>`);
    expect(html).toContain("reader@example.org");
    expect(readFileSync(path.join(out, "digest.txt"), "utf8")).toContain(`View in your browser: <${ARCHIVE}>`);
    const web = readFileSync(path.join(out, "archive/2026-11-25-1200.html"), "utf8");
    expect(web).toContain("World story 5");
    expect(web).not.toMatch(/reader@example\.org|unsubscribe|%%ll/i);
    const summary = JSON.parse(readFileSync(path.join(out, "digest.json"), "utf8"));
    expect(summary.archive).toEqual({ slot: "2026-11-25T12:00:00Z", file: "archive/2026-11-25-1200.html", url: ARCHIVE });
    expect(result.stderr).toContain("index.html");
  });

  it("gives the lead image the height that keeps the shape of the size the feed gave", async () => {
    const file = config({ feeds: [{ url: `${http.url}/world-sized.rss`, name: "World" }] });
    expect(worldWithSizes).not.toBe(world);
    expect((await runCli(["--config", file, "--now", NOW, "build", "--out", out])).code).toBe(0);
    for (const page of ["digest.html", "archive/2026-11-25-1200.html"]) {
      const html = readFileSync(path.join(out, page), "utf8");
      const lead = DomUtils.findOne((el) => el.name === "img" && el.attribs.src === "https://img.example.org/lead.jpg", parseDocument(html).children);
      expect(lead?.attribs).toMatchObject({ width: "552", height: "311" }); // 552 × 675 / 1200 = 310.5
    }
  });

  it("shows the message at 375 and 600 px in the preview page, without horizontal scroll", async () => {
    expect((await runCli(["--config", config(), "--now", NOW, "build", "--out", out])).code).toBe(0);
    const browser = await launchChromium();
    try {
      const page = await browser.context.newPage();
      await page.setViewportSize({ width: 1280, height: 1000 });
      await page.goto(pathToFileURL(path.join(out, "index.html")).href);
      const frames = await page.$$eval("iframe", (list) => list.map((f) => ({ width: f.clientWidth, sandbox: f.getAttribute("sandbox") })));
      expect(frames).toEqual([
        { width: 375, sandbox: "" },
        { width: 600, sandbox: "" },
      ]);
      const inner = page.frames().filter((f) => f !== page.mainFrame());
      expect(inner).toHaveLength(2);
      for (const frame of inner) {
        const m = await frame.evaluate(() => ({ scroll: document.scrollingElement!.scrollWidth, client: document.scrollingElement!.clientWidth, text: document.body.innerText }));
        expect(m.text).toContain("World story 5");
        expect(m.scroll).toBeLessThanOrEqual(m.client);
      }
    } finally {
      await browser.close();
    }
  }, 60_000);

  it("writes the web version of the issue subscribers got once the slot's issue is sent", async () => {
    const smtp = await startSmtpServer();
    try {
      const file = config({ digest: { headlines: 2 }, smtp: { url: smtp.url } });
      expect((await runCli(["--config", file, "subscribers", "add", "ada@example.org"])).code).toBe(0);
      expect((await runCli(["--config", file, "--now", NOW, "send"])).code).toBe(0);
      const sentLead = smtp.messages[0]!.parsed.subject;
      expect(sentLead).toBe("Test Brief: World story 5");
      expect((await runCli(["--config", file, "--now", NOW, "build", "--out", out])).code).toBe(0);
      const next = JSON.parse(readFileSync(path.join(out, "digest.json"), "utf8"));
      expect(next.lead.title).not.toBe("World story 5"); // build shows the next digest, dated for the next slot …
      expect(readFileSync(path.join(out, "digest.txt"), "utf8")).toContain("November 26, 2026");
      const web = readFileSync(path.join(out, "archive/2026-11-25-1200.html"), "utf8");
      expect(web).toContain("<title>Test Brief: World story 5</title>"); // … archives the one that went out …
      // … and the next digest's web version, where its "View in browser" link points.
      expect(next.archive).toEqual({ slot: "2026-11-26T12:00:00Z", file: "archive/2026-11-26-1200.html", url: "https://news.example.org/archive/2026-11-26-1200.html" });
      expect(readFileSync(path.join(out, "digest.html"), "utf8")).toContain('href="https://news.example.org/archive/2026-11-26-1200.html"');
      expect(readFileSync(path.join(out, "archive/2026-11-26-1200.html"), "utf8")).toContain(`<title>Test Brief: ${next.lead.title}</title>`);
    } finally {
      await smtp.close();
    }
  });

  it("dates the digest for the slot a send now would take: 90 min into an unsent slot (grace 120) is still today's", async () => {
    const file = config();
    const later = "2026-11-25T13:30:00Z";
    expect((await runCli(["--config", file, "--now", later, "build", "--out", out])).code).toBe(0);
    expect(readFileSync(path.join(out, "digest.txt"), "utf8")).toContain("November 25, 2026");
    expect(readFileSync(path.join(out, "archive/2026-11-25-1200.html"), "utf8")).toContain("<title>");
    expect((await runCli(["--config", file, "--now", later, "send", "--dry-run"])).stdout).toContain("dry run: slot 2026-11-25T12:00:00Z:");
    // Past the grace period a real send skips the slot, and the dry run says so rather than counting readers.
    const pastGrace = await runCli(["--config", file, "--now", "2026-11-25T14:30:00Z", "send", "--dry-run"]);
    expect(pastGrace.stdout).toContain("dry run: slot 2026-11-25T12:00:00Z is 150 min old, past the 120-min grace period; skipped");
    expect(pastGrace.stdout).not.toContain("would receive it");
  });

  it("still writes the sent issue's web version when there is nothing new for a next digest", async () => {
    const smtp = await startSmtpServer();
    try {
      const file = config({ smtp: { url: smtp.url } }); // 8 headlines: the first issue takes all six stories
      expect((await runCli(["--config", file, "subscribers", "add", "ada@example.org"])).code).toBe(0);
      expect((await runCli(["--config", file, "--now", NOW, "send"])).code).toBe(0);
      const result = await runCli(["--config", file, "--now", NOW, "build", "--out", out, "--json"]);
      expect(result.stderr).toContain("no digest built");
      expect(JSON.parse(result.stdout)).toEqual({ nothingToSend: expect.stringContaining("already sent") });
      expect(existsSync(path.join(out, "digest.html"))).toBe(false);
      expect(readFileSync(path.join(out, "archive/2026-11-25-1200.html"), "utf8")).toContain("<title>Test Brief: World story 5</title>");
    } finally {
      await smtp.close();
    }
  });

  it("fails past budget.maxKb and writes nothing", async () => {
    const result = await runCli(["--config", config({ budget: { warnKb: 5, maxKb: 10 } }), "--now", NOW, "build", "--out", out]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/leadline: the issue's HTML is \d+\.\d KB, over budget\.maxKb \(10 KB\)/);
    expect(existsSync(out)).toBe(false);
  });

  it("stops a send on a template mistake, naming file and line, before any message goes out", async () => {
    const smtp = await startSmtpServer();
    try {
      const theme = path.join(temp.dir, "theme");
      mkdirSync(path.join(theme, "partials"), { recursive: true });
      writeFileSync(path.join(theme, "partials/footer.mjml"), "<mj-section>\n  <mj-column>\n    <mj-text>{{subscriber.email}</mj-text>\n  </mj-column>\n</mj-section>\n");
      const file = config({ template: "theme", smtp: { url: smtp.url } });
      expect((await runCli(["--config", file, "subscribers", "add", "ada@example.org"])).code).toBe(0);
      const result = await runCli(["--config", file, "--now", NOW, "send"]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/theme\/partials\/footer\.mjml:3: Handlebars/);
      expect(smtp.messages).toEqual([]);
    } finally {
      await smtp.close();
    }
  });
});
