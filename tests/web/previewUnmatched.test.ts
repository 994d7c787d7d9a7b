// Pins and drops that match no article of today's feeds, on the preview page (Chromium): listed, and removable.
import { describe, expect, it } from "vitest";
import { loadOverrides } from "../../src/store/overrides.ts";
import { NOW } from "../digest/newsroom.ts";
import { runCli } from "../helpers/fixtures.ts";
import { useEditorBrowser } from "./editorBrowser.ts";
import { usePreviewWorld } from "./previewWorld.ts";

describe("pins and drops that match no article, in the preview", () => {
  const world = usePreviewWorld();
  const editor = useEditorBrowser(world);
  const cli = (...args: string[]) => runCli(["--config", world.config, "--now", NOW, ...args]);
  const listed = () => editor.page.$$eval("#unmatched li", (items) => items.map((li) => li.textContent));

  it("lists them with a Remove button each; matched ones are not listed", async () => {
    expect(await editor.page.$$("#unmatched")).toHaveLength(0);
    expect((await cli("pin", "https://old.example.org/yesterdays-story")).code).toBe(0);
    expect((await cli("drop", "gone-article")).code).toBe(0);
    expect((await cli("drop", "wire-bakery")).code).toBe(0);
    await editor.page.reload();
    expect(await listed()).toEqual(["pinned https://old.example.org/yesterdays-story Remove", "dropped gone-article Remove"]);

    await editor.act("Remove: pin of https://old.example.org/yesterdays-story");
    expect(await listed()).toEqual(["dropped gone-article Remove"]);
    expect(loadOverrides(world.store.db, "Test Brief")).toMatchObject({ pins: [], drops: ["wire-bakery", "gone-article"] });
    await editor.act("Remove: drop of gone-article");
    expect(await editor.page.$$("#unmatched")).toHaveLength(0);
    expect(loadOverrides(world.store.db, "Test Brief").drops).toEqual(["wire-bakery"]);
  });
});
