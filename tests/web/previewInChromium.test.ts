// The editor's preview in a real headless Chromium: the issue at both widths, every action re-rendering it, test sends, live reload.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { slotDecision } from "../../src/store/approvals.ts";
import { BAKERY, BRIDGE, CHESS, GARDEN, NOW } from "../digest/newsroom.ts";
import { runCli } from "../helpers/fixtures.ts";
import { oneLine, storyOrder, useEditorBrowser } from "./editorBrowser.ts";
import { usePreviewWorld } from "./previewWorld.ts";

const ARTIFACTS = path.resolve("test-artifacts");
const TOKEN = "preview-token-0123456789abcdef";

describe("the editor's preview in Chromium", () => {
  // Token mode, bound to 127.0.0.1: the browser opens it with ?token= once and goes on with the session cookie.
  const world = usePreviewWorld({ token: TOKEN });
  const editor = useEditorBrowser(world, { token: TOKEN });
  const { frameText, act, headlineTitles, dialogs } = editor;
  let page: Page;

  beforeAll(() => mkdirSync(ARTIFACTS, { recursive: true }));
  beforeEach(() => {
    page = editor.page;
  });

  it("shows subject, preheader, size, text, both widths and every story with why; pin, drop, move and edit change the frames", async () => {
    const frames = await page.$$eval("iframe", (list) => list.map((f) => ({ width: f.clientWidth, sandbox: f.getAttribute("sandbox") })));
    expect(frames).toEqual([
      { width: 375, sandbox: "" },
      { width: 600, sandbox: "" },
    ]);
    expect(await page.inputValue("#subject")).toBe(`Test Brief: ${BRIDGE.wire.title}`);
    expect(await page.textContent("#preheader")).toContain("Engineers found cracks");
    expect(await page.textContent("#size")).toMatch(/^\d+\.\d KB of the 102 KB budget$/);
    // The plain text wraps at 78 columns and writes the lead in capitals.
    expect(oneLine(await page.textContent("#text"))).toContain(BRIDGE.wire.title.toUpperCase());
    const statuses = await page.$$eval("td.status", (cells) => cells.map((c) => c.textContent));
    expect(statuses[0]).toMatch(/^Lead: highest score/);
    expect(statuses.filter((s) => s!.startsWith("Headline"))).toHaveLength(3);
    expect(statuses).toContain("Not chosen: ranked below the 3 headlines (digest.headlines)");
    expect(await page.textContent("tbody")).toMatch(/also in Metro, Courier/);
    for (const width of [375, 600] as const) {
      const text = await frameText(width);
      expect(text).toContain(BRIDGE.wire.title);
      expect(await (await (await page.$(`iframe[width="${width}"]`))!.contentFrame())!.evaluate(() => document.scrollingElement!.scrollWidth <= document.scrollingElement!.clientWidth)).toBe(true);
    }
    await page.screenshot({ path: path.join(ARTIFACTS, "preview-page-1400.png"), fullPage: true });
    await page.screenshot({ path: path.join(ARTIFACTS, "preview-page-top.png") });
    await (await page.$('iframe[width="375"]'))!.screenshot({ path: path.join(ARTIFACTS, "preview-frame-375.png") });
    await (await page.$('iframe[width="600"]'))!.screenshot({ path: path.join(ARTIFACTS, "preview-frame-600.png") });

    // Make another story the lead.
    await act(`Make lead: ${CHESS.title}`);
    expect(storyOrder(await frameText(600), [CHESS.title, BRIDGE.wire.title])).toEqual([CHESS.title, BRIDGE.wire.title]);
    expect(await page.inputValue("#subject")).toBe(`Test Brief: ${CHESS.title}`);
    expect(await page.textContent("tbody tr:first-child .status")).toBe("Lead: pinned by an editor (leadline pin)");

    // Drop a story: gone from both widths, listed as dropped.
    expect(await frameText(375)).toContain(BAKERY.title);
    await act(`Drop: ${BAKERY.title}`);
    expect(await frameText(375)).not.toContain(BAKERY.title);
    expect(await frameText(600)).not.toContain(BAKERY.title);
    expect(await page.textContent(`tr[data-story="wire-bakery"] .status`)).toBe("Dropped by an editor");

    // Move the first headline down, then the new last one up.
    const before = await headlineTitles();
    expect(before).toHaveLength(3);
    await act(`Move down: ${before[0]}`);
    expect(await headlineTitles()).toEqual([before[1], before[0], before[2]]);
    expect(storyOrder(await frameText(600), before)).toEqual([before[1], before[0], before[2]]);
    await act(`Move up: ${before[2]}`);
    const moved = [before[1]!, before[2]!, before[0]!];
    expect(await headlineTitles()).toEqual(moved);
    expect(storyOrder(await frameText(375), before)).toEqual(moved);
    // Only the two the editor moved say so; the one selection moved along keeps its own reason.
    const headlineStatuses = await page.$$eval("td.status", (cells) => cells.map((c) => c.textContent!).filter((s) => s.startsWith("Headline")));
    expect(headlineStatuses.slice(1)).toEqual(["Headline 2: placed by an editor", "Headline 3: placed by an editor"]);
    expect(headlineStatuses[0]).toMatch(/^Headline 1: (by score|related to the lead)/);

    // Edit the subject: the message's title follows.
    await page.fill("#subject", "Chess, seeds and a bridge");
    await act("Save subject");
    expect(await page.inputValue("#subject")).toBe("Chess, seeds and a bridge");
    expect(await (await (await page.$('iframe[width="600"]'))!.contentFrame())!.title()).toBe("Chess, seeds and a bridge");

    // Approve: the send that follows carries exactly what the editor saw.
    await act("Approve");
    expect(await page.textContent("#approval")).toBe("approved");
    expect(slotDecision(world.store.db, "Test Brief", "2026-11-25T12:00:00Z")).toBe("approved");
    const seen = await frameText(600);
    const sent = await runCli(["--config", world.config, "--now", NOW, "send"]);
    expect(sent.code, sent.stderr).toBe(0);
    const issue = world.smtp.messages.at(-1)!;
    expect(issue.envelopeTo).toEqual(["ada@example.org"]);
    expect(issue.parsed.subject).toBe("Chess, seeds and a bridge");
    const titles = [CHESS.title, ...moved];
    expect(storyOrder(oneLine(issue.parsed.text), titles)).toEqual(storyOrder(seen, titles));
    expect(issue.parsed.html).not.toContain(BAKERY.title);
    expect(dialogs).toEqual([]);
  });

  it("restores a dropped story and holds the issue", async () => {
    await act(`Drop: ${CHESS.title}`);
    expect(await frameText(600)).not.toContain(CHESS.title);
    await act(`Restore: ${CHESS.title}`);
    expect(await frameText(600)).toContain(CHESS.title);
    await act("Hold");
    expect(await page.textContent("#approval")).toBe("held: it will not be sent");
    const sent = await runCli(["--config", world.config, "--now", NOW, "send"]);
    expect(sent.stdout).toContain("held");
    expect(world.smtp.messages).toHaveLength(0);
  });

  it("sends a test of what it shows to an address, read back from the SMTP server", async () => {
    await act(`Make lead: ${GARDEN.title}`);
    await page.fill("#address", "editor@example.org");
    await act("Send test");
    expect(await page.textContent(".flash")).toBe(`Test sent to editor@example.org: "Test Brief: ${GARDEN.title}"`);
    expect(world.smtp.messages).toHaveLength(1);
    const [test] = world.smtp.messages;
    expect(test!.envelopeTo).toEqual(["editor@example.org"]);
    expect(test!.parsed.subject).toBe(`[TEST] Test Brief: ${GARDEN.title}`);
    expect(storyOrder(oneLine(test!.parsed.text), [GARDEN.title, BRIDGE.wire.title])).toEqual([GARDEN.title, BRIDGE.wire.title]);
    // A bad address is named, and nothing is sent.
    await page.fill("#address", "editor@localhost");
    await page.$eval("#address", (input) => input.removeAttribute("type"));
    await act("Send test");
    expect(await page.textContent("[role=alert]")).toBe('test address: invalid address "editor@localhost": bad domain');
    expect(world.smtp.messages).toHaveLength(1);
  });

  it("re-renders the open page when a template or the config changes", async () => {
    await page.fill("#note", "Good morning from the news desk.");
    await act("Save note");
    expect(await frameText(600)).toContain("Good morning from the news desk.");
    await page.waitForSelector("body[data-live=on]");

    const partial = path.join(world.temp.dir, "theme/partials/note.mjml");
    let reloaded = page.waitForEvent("load");
    writeFileSync(partial, readFileSync(partial, "utf8").replace("{{paragraphs note}}", "Editor's desk: {{paragraphs note}}"));
    await reloaded;
    expect(await frameText(600)).toContain("Editor's desk: Good morning from the news desk.");

    await page.waitForSelector("body[data-live=on]");
    reloaded = page.waitForEvent("load");
    world.rewriteConfig({ newsletter: { name: "Morning Brief", from: "Morning Brief <news@example.org>", siteUrl: "https://news.example.org" } });
    await reloaded;
    expect(await page.textContent("h1")).toBe("Next issue of Morning Brief");
    expect(await frameText(375)).toContain("Morning Brief");
  });
});
