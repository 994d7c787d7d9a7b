// The preview when something is missing (Chromium): a feed that failed is named, and drops that leave no issue can be undone.
import { describe, expect, it } from "vitest";
import { BAKERY, BRIDGE, CHESS, DETOURS, GARDEN } from "../digest/newsroom.ts";
import { useEditorBrowser } from "./editorBrowser.ts";
import { usePreviewWorld } from "./previewWorld.ts";

describe("the preview when something is missing", () => {
  const world = usePreviewWorld();
  const editor = useEditorBrowser(world);

  it("names a feed that failed and says its stories are not in the issue", async () => {
    expect(await editor.page.$("#failed-feeds")).toBeNull();
    await editor.reloadsAfter(() => world.rewriteConfig({ feeds: [...world.room.feeds(), { url: `${world.room.http.url}/sport.rss`, name: "Sport" }] }));
    const failed = await editor.page.textContent("#failed-feeds");
    expect(failed).toMatch(/^1 feed\(s\) failed this time: their stories are not in this issue\.Sport \(http:\/\/127\.0\.0\.1:\d+\/sport\.rss\): .*404/);
    // The issue from the other feeds is still shown, and can still be decided on.
    expect(await editor.page.$$eval("tbody tr", (rows) => rows.length)).toBeGreaterThan(0);
    expect(await editor.page.textContent("#approval")).toMatch(/^waiting for approval/);
  });

  it("keeps the drops that left no issue on the page, each with a Restore button that brings the issue back", async () => {
    for (const item of [BAKERY, BRIDGE.wire, DETOURS, CHESS, GARDEN]) {
      const drop = editor.page.getByRole("button", { name: `Drop: ${item.title}`, exact: true });
      if ((await drop.count()) > 0) await editor.act(`Drop: ${item.title}`);
    }
    expect(await editor.page.textContent(".problem")).toMatch(/nothing to send/);
    expect(await editor.page.$$eval("#dropped li", (items) => items.length)).toBe(5);
    await editor.act(`Restore: ${CHESS.guid}`);
    expect(await editor.page.$("#dropped")).toBeNull();
    expect(await editor.page.textContent("tbody")).toContain(CHESS.title);
  });
});
