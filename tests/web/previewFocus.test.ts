// Keyboard focus after an action in the preview (Chromium): back on the control used, or the nearest one left in its place.
import { describe, expect, it } from "vitest";
import { BAKERY, DETOURS } from "../digest/newsroom.ts";
import { useEditorBrowser } from "./editorBrowser.ts";
import { usePreviewWorld } from "./previewWorld.ts";

describe("focus after an action in the preview", () => {
  const world = usePreviewWorld();
  const editor = useEditorBrowser(world);
  /** The focused element by its accessible label, id or text; the body when nothing has the focus. */
  const focused = () => editor.page.evaluate(() => {
    const element = document.activeElement;
    return !element || element === document.body ? "body" : element.getAttribute("aria-label") || element.id || element.textContent;
  });

  it("goes back to the button used, or to its story's first button when that one is gone; to the field after a field's form", async () => {
    await editor.act(`Move down: ${DETOURS.title}`);
    expect(await focused()).toBe(`Move down: ${DETOURS.title}`);
    // Now the last headline: it has no ↓ any more.
    await editor.act(`Move down: ${DETOURS.title}`);
    expect(await focused()).toBe(`Move up: ${DETOURS.title}`);
    await editor.act(`Drop: ${BAKERY.title}`);
    expect(await focused()).toBe(`Restore: ${BAKERY.title}`);
    await editor.act("Hold");
    expect(await focused()).toBe("Hold");

    await editor.page.fill("#note", "Good morning.");
    await editor.act("Save note");
    expect(await focused()).toBe("note");
    await editor.page.fill("#address", "a@b");
    await editor.act("Send test");
    expect(await focused()).toBe("address");
  });
});
