// The editor's page in a real headless Chromium, for a preview world: a page per test, its frames, its buttons and its story rows.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, expect } from "vitest";
import { launchChromium, type TestBrowser } from "../helpers/chromium.ts";
import type { PreviewWorld } from "./previewWorld.ts";

export interface EditorBrowser {
  /** This test's page, opened on the preview (through `?token=` when the world has one). */
  page: Page;
  /** Browser dialogs seen (alerts, confirms): an editor page should raise none. */
  dialogs: string[];
  /** The message's text as the 375 px or the 600 px frame shows it. */
  frameText(width: 375 | 600): Promise<string>;
  /** Clicks the button with this accessible name and waits for the page that answers it. */
  act(button: string): Promise<void>;
  /**
   * Runs `change` (a config rewrite) and waits for the page's live reload to load it. A reload of our
   * own right after could race the live one (net::ERR_ABORTED).
   */
  reloadsAfter(change: () => unknown): Promise<void>;
  /** The titles of the headline rows, first to last. */
  headlineTitles(): Promise<string[]>;
  /** The "Why" cell of a story's row. */
  status(storyId: string): Promise<string | null>;
}

export function useEditorBrowser(world: PreviewWorld, options: { token?: string; width?: number } = {}): EditorBrowser {
  let browser: TestBrowser;
  const editor = { dialogs: [] as string[] } as EditorBrowser;
  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => browser?.close());
  beforeEach(async () => {
    // The helper answers every http(s) request locally; the preview itself must reach our server.
    await browser.context.route(`${world.server.url}/**`, (route) => route.continue());
    editor.page = await browser.context.newPage();
    editor.page.on("dialog", (d) => void editor.dialogs.push(d.message()));
    await editor.page.setViewportSize({ width: options.width ?? 1400, height: 1000 });
    await editor.page.goto(options.token ? `${world.url}?token=${options.token}` : world.url);
    expect(editor.page.url()).toBe(world.url);
  });
  editor.frameText = async (width) => {
    const handle = await editor.page.$(`iframe[width="${width}"]`);
    const content = await handle!.contentFrame();
    return content!.evaluate(() => document.body.innerText);
  };
  editor.act = async (button) => {
    const target = editor.page.getByRole("button", { name: button, exact: true });
    // Scrolled in a step of its own: a click that first scrolled a button up from under the message frames
    // was sometimes lost (no request at all), though Playwright reported it done.
    await target.scrollIntoViewIfNeeded();
    const loaded = editor.page.waitForEvent("load");
    await target.click();
    await loaded;
  };
  editor.reloadsAfter = async (change) => {
    const loaded = editor.page.waitForEvent("load");
    await change();
    await loaded;
  };
  editor.headlineTitles = () =>
    editor.page.$$eval("tbody tr", (rows) => rows.filter((r) => /^Headline/.test(r.querySelector(".status")!.textContent!)).map((r) => r.querySelector("td")!.textContent!.replace(/also in.*/, "").trim()));
  editor.status = (storyId) => editor.page.textContent(`tr[data-story="${storyId}"] .status`);
  return editor;
}

/** The titles found in the text, in the order they appear there (the plain text writes the lead in capitals). */
export function storyOrder(text: string, titles: string[]): string[] {
  const at = (title: string) => text.toLowerCase().indexOf(title.toLowerCase());
  return titles.filter((t) => at(t) >= 0).sort((a, b) => at(a) - at(b));
}

export const oneLine = (text: string | null | undefined) => (text ?? "").replace(/\s+/g, " ");
