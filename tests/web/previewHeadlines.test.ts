// Moving headlines in the editor's preview (Chromium): a moved story keeps its place through later changes, pins head the list, the rest keep their reasons.
import { describe, expect, it } from "vitest";
import { BAKERY, BRIDGE, CHESS, DETOURS, GARDEN } from "../digest/newsroom.ts";
import { useEditorBrowser } from "./editorBrowser.ts";
import { usePreviewWorld } from "./previewWorld.ts";

describe("moving headlines in the preview", () => {
  // digest.headlines is 3: the bridge leads; Detours (related), Bakery and Chess are the headlines; Garden ranks below them.
  const world = usePreviewWorld();
  const editor = useEditorBrowser(world);
  const { act, headlineTitles, status } = editor;

  it("keeps the stories the editor moved, at their places, when another story becomes the lead; pins head the headlines", async () => {
    expect(await headlineTitles()).toEqual([DETOURS.title, BAKERY.title, CHESS.title]);
    await act(`Move down: ${DETOURS.title}`);
    expect(await headlineTitles()).toEqual([BAKERY.title, DETOURS.title, CHESS.title]);
    // Only the story the editor moved says so; the one that made way keeps its own reason.
    expect(await status(BAKERY.guid!)).toBe("Headline 1: by score");
    expect(await status(DETOURS.guid!)).toBe("Headline 2: placed by an editor");
    expect(await status(CHESS.guid!)).toBe("Headline 3: by score");
    await act(`Move up: ${CHESS.title}`);
    await act(`Move up: ${CHESS.title}`);
    expect(await headlineTitles()).toEqual([CHESS.title, BAKERY.title, DETOURS.title]);
    expect(await status(BAKERY.guid!)).toBe("Headline 2: by score");

    // A new lead changes what is related to it and how the rest rank; the moved stories stay where the editor put them.
    await act(`Make lead: ${GARDEN.title}`);
    expect(await headlineTitles()).toEqual([CHESS.title, BRIDGE.wire.title, DETOURS.title]);
    expect(await status(CHESS.guid!)).toBe("Headline 1: placed by an editor");
    expect(await status(DETOURS.guid!)).toBe("Headline 3: placed by an editor");
    expect(await status(BAKERY.guid!)).toBe("Not chosen: ranked below the 3 headlines (digest.headlines)");

    // A second pin: the newest leads, the first heads the headlines, before the editor's places.
    await act(`Make lead: ${BAKERY.title}`);
    expect(await headlineTitles()).toEqual([GARDEN.title, CHESS.title, DETOURS.title]);
    expect(await status(GARDEN.guid!)).toBe("Headline 1: pinned");
    const text = await editor.frameText(600);
    expect(text.indexOf(GARDEN.title)).toBeLessThan(text.indexOf(CHESS.title));
  });

  it("brings a restored story back to its ranked place, not after the moved ones", async () => {
    await act(`Drop: ${BAKERY.title}`);
    expect(await headlineTitles()).toEqual([DETOURS.title, CHESS.title, GARDEN.title]);
    await act(`Move down: ${DETOURS.title}`);
    expect(await headlineTitles()).toEqual([CHESS.title, DETOURS.title, GARDEN.title]);
    await act(`Restore: ${BAKERY.title}`);
    expect(await headlineTitles()).toEqual([BAKERY.title, DETOURS.title, CHESS.title]);
    expect(await status(BAKERY.guid!)).toBe("Headline 1: by score");
    expect(editor.dialogs).toEqual([]);
  });
});
