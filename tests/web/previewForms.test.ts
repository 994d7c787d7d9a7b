// The editor's text fields in the preview (Chromium): the subject, and what the page says when an action fails.
import { describe, expect, it } from "vitest";
import { loadOverrides } from "../../src/store/overrides.ts";
import { BRIDGE, CHESS, GARDEN } from "../digest/newsroom.ts";
import { useEditorBrowser } from "./editorBrowser.ts";
import { usePreviewWorld } from "./previewWorld.ts";

describe("the subject field in the preview", () => {
  const world = usePreviewWorld();
  const editor = useEditorBrowser(world);
  const { act } = editor;
  const subject = () => editor.page.inputValue("#subject");
  const source = () => editor.page.$eval("#subject-source", (e) => e.textContent);

  it("stores nothing when the subject is saved unchanged, by the button or by Enter: it goes on following the lead", async () => {
    expect(await subject()).toBe(`Test Brief: ${BRIDGE.wire.title}`);
    await act("Save subject");
    await act(`Make lead: ${CHESS.title}`);
    expect(await subject()).toBe(`Test Brief: ${CHESS.title}`);

    const loaded = editor.page.waitForEvent("load");
    await editor.page.press("#subject", "Enter");
    await loaded;
    await act(`Make lead: ${GARDEN.title}`);
    expect(await subject()).toBe(`Test Brief: ${GARDEN.title}`);
    expect(loadOverrides(world.store.db, "Test Brief").subject).toBeUndefined();
    expect(await source()).toMatch(/^From newsletter.subject/);
  });

  it("says when the subject is the editor's own, keeps it through a new lead, and goes back to the template", async () => {
    await editor.page.fill("#subject", "Chess, seeds and a bridge");
    await act("Save subject");
    expect(await source()).toMatch(/^Custom subject/);
    await act(`Make lead: ${CHESS.title}`);
    expect(await subject()).toBe("Chess, seeds and a bridge");
    await act("Back to the template");
    expect(await subject()).toBe(`Test Brief: ${CHESS.title}`);
    expect(await source()).toMatch(/^From newsletter.subject/);
    expect(loadOverrides(world.store.db, "Test Brief").subject).toBeUndefined();
  });
});
