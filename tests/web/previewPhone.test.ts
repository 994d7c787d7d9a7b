// The editor's page on a phone (Chromium at 375 px): it fits the width, and every button can be reached without sideways scrolling.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { useEditorBrowser } from "./editorBrowser.ts";
import { usePreviewWorld } from "./previewWorld.ts";

const ARTIFACTS = path.resolve("test-artifacts");

describe("the editor's page at 375 px", () => {
  const world = usePreviewWorld();
  const editor = useEditorBrowser(world, { width: 375 });

  it("is no wider than the screen and shows every button and field whole", async () => {
    const { page } = editor;
    expect(await page.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(375);
    const cut = await page.$$eval("button, input:not([type=hidden]), textarea", (list) =>
      list.filter((e) => e.getBoundingClientRect().left < 0 || e.getBoundingClientRect().right > window.innerWidth).map((e) => e.getAttribute("aria-label") ?? e.textContent ?? e.id),
    );
    expect(cut).toEqual([]);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, "preview-page-375.png"), fullPage: true });
  });
});
