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

describe("the subject field when newsletter.subject has personal fields", () => {
  const world = usePreviewWorld({ config: { newsletter: { name: "Test Brief", from: "Test Brief <news@example.org>", siteUrl: "https://news.example.org", subject: "{{subscriber.email}}, today: {{lead.title}}" } } });
  const editor = useEditorBrowser(world);

  it("shows {{subscriber.email}}, not the example reader's address, so a saved subject stays personal", async () => {
    expect(await editor.page.inputValue("#subject")).toBe(`{{subscriber.email}}, today: ${BRIDGE.wire.title}`);
    expect(await editor.page.$eval("#subject-source", (e) => e.textContent)).toMatch(/\{\{subscriber\.…\}\} is filled in for each reader/);
    await editor.page.fill("#subject", "{{subscriber.email}}, the bridge is shut");
    await editor.act("Save subject");
    expect(loadOverrides(world.store.db, "Test Brief").subject).toBe("{{subscriber.email}}, the bridge is shut");
    expect(await editor.page.inputValue("#subject")).toBe("{{subscriber.email}}, the bridge is shut");
  });
});

describe("when an editor's action fails", () => {
  const world = usePreviewWorld();
  const editor = useEditorBrowser(world);
  const { act } = editor;
  const box = (role: "alert" | "status") => editor.page.$$eval(`[role=${role}]`, (list) => list.map((e) => ({ text: e.textContent, background: getComputedStyle(e).backgroundColor })));

  it("shows the error as an alert, not as a success, and keeps what the editor typed", async () => {
    await act("Hold");
    const [done] = await box("status");
    expect(done!.text).toBe("Held the issue for Wed, 25 Nov 2026, 12:00 UTC");

    await editor.page.fill("#address", "a@b");
    await act("Send test");
    expect(await box("status")).toEqual([]);
    const [refused] = await box("alert");
    expect(refused!.text).toBe('test address: invalid address "a@b": bad domain');
    expect(refused!.background).not.toBe(done!.background);
    expect(await editor.page.inputValue("#address")).toBe("a@b");
    expect(world.smtp.messages).toHaveLength(0);

    const long = `Bridge ${"x".repeat(200)}`;
    await editor.page.$eval("#subject", (input, value) => ((input as HTMLInputElement).value = value), long);
    await act("Save subject");
    expect((await box("alert")).map((b) => b.text)).toEqual(["subject: at most 200 characters, got 207"]);
    expect(await editor.page.inputValue("#subject")).toBe(long);
    expect(loadOverrides(world.store.db, "Test Brief").subject).toBeUndefined();
  });
});

describe("when the SMTP server is down", () => {
  // Nothing listens on this port of ours: the connection is refused.
  const world = usePreviewWorld({ config: { smtp: { url: "smtp://127.0.0.1:20401" } } });
  const editor = useEditorBrowser(world);

  it("says the test failed, as an alert, and keeps the address", async () => {
    await editor.page.fill("#address", "editor@example.org");
    await editor.act("Send test");
    expect(await editor.page.$$eval("[role=status]", (list) => list.length)).toBe(0);
    expect(await editor.page.$eval("[role=alert]", (e) => e.textContent)).toMatch(/^The test to editor@example.org failed: .*ECONNREFUSED/);
    expect(await editor.page.inputValue("#address")).toBe("editor@example.org");
  });
});
