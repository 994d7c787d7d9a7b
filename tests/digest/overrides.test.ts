// Editor overrides: pin, drop, restore and note change the next digest and are gone once it is sent.
import { readFileSync } from "node:fs";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import type { Digest } from "../../src/digest/digest.ts";
import { runCli } from "../helpers/fixtures.ts";
import { BAKERY, BRIDGE, CHESS, DAY_ONE, GARDEN, hoursAgo, NOW, useSendingNewsroom } from "./newsroom.ts";

const NEXT_DAY = "2026-11-26T12:00:00Z";

describe("editor overrides", () => {
  const world = useSendingNewsroom();

  const cli = (...args: string[]) => runCli(["--config", world.config, "--now", NOW, ...args]);
  async function build(now = NOW): Promise<Digest> {
    const result = await runCli(["--config", world.config, "--now", now, "build", "--out", `${world.temp.dir}/out`]);
    expect(result.code, result.stderr).toBe(0);
    return JSON.parse(readFileSync(`${world.temp.dir}/out/digest.json`, "utf8")) as Digest;
  }
  const storyTitles = (d: Digest) => [d.lead, ...d.headlines].map((s) => s.title);

  it("a pinned article becomes the lead; by id or by link", async () => {
    expect((await build()).lead.title).toBe(BRIDGE.wire.title);
    const pinned = await cli("pin", "courier-chess");
    expect(pinned.code).toBe(0);
    expect(pinned.stdout).toContain("courier-chess pinned");
    let digest = await build();
    expect(digest.lead).toMatchObject({ title: CHESS.title, pinned: true });
    expect(digest.why).toContain("pinned by an editor");
    expect(digest.overrides!.pinned).toEqual([{ article: "courier-chess", matched: true }]);

    // A later pin (by link) leads; the earlier pin heads the headlines.
    const gardenLink = digest.headlines.find((h) => h.title === GARDEN.title)!.link;
    expect((await cli("pin", gardenLink)).code).toBe(0);
    digest = await build();
    expect(digest.lead.title).toBe(GARDEN.title);
    expect(digest.headlines[0]!.title).toBe(CHESS.title);

    // A mistyped id is kept (the article may still come) but the editor is told it matches nothing yet.
    expect(pinned.stderr).not.toContain("warning");
    const unknown = await cli("pin", "no-such-article");
    expect(unknown.code).toBe(0);
    expect(unknown.stderr).toContain('warning: no article "no-such-article" in what the feeds last gave');
  });

  it("pin and drop take an article's link as the site shows it, without the feed's tracking parameters", async () => {
    const siteLink = "https://gardens.example.org/2026/seed-library";
    world.room.set("Gardens", [{ ...GARDEN, link: `${siteLink}?utm_source=rss&utm_medium=feed#comments` }]);
    await build(); // the feeds are fetched once, as before an editor's pin
    const pinned = await cli("pin", siteLink);
    expect(pinned.stderr).not.toContain("warning");
    let digest = await build();
    expect(digest.lead).toMatchObject({ title: GARDEN.title, pinned: true });
    expect(digest.overrides!.pinned).toEqual([{ article: siteLink, matched: true }]);
    expect((await cli("restore", siteLink)).code).toBe(0);
    expect((await cli("drop", `${siteLink}#top`)).stderr).not.toContain("warning");
    digest = await build();
    expect(storyTitles(digest)).not.toContain(GARDEN.title);
  });

  it("a pinned copy of a story stands for it: the other feeds become 'also in'", async () => {
    expect((await cli("pin", "metro-bridge")).code).toBe(0);
    const digest = await build();
    expect(digest.lead.title).toBe(BRIDGE.metro.title);
    expect(digest.lead.alsoIn!.map((a) => a.feedName)).toEqual(["Wire", "Courier"]);
  });

  it("a dropped article's story never appears, in any feed's words", async () => {
    expect((await cli("drop", "courier-bridge")).code).toBe(0);
    const digest = await build();
    expect(storyTitles(digest)).not.toContain(BRIDGE.wire.title);
    expect(storyTitles(digest).join("\n")).not.toMatch(/Cracks|cracks/);
    expect(digest.lead.title).toBe(BAKERY.title);
    expect(digest.excluded).toMatchObject({ dropped: 3 });
    expect(digest.overrides!.dropped).toEqual([{ article: "courier-bridge", matched: true }]);
  });

  it("restore undoes a pin or a drop, and says when there was none", async () => {
    await cli("drop", "courier-bridge");
    const restored = await cli("restore", "courier-bridge");
    expect(restored.code).toBe(0);
    expect((await build()).lead.title).toBe(BRIDGE.wire.title);
    const again = await cli("restore", "courier-bridge");
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("courier-bridge is neither pinned nor dropped");
  });

  it("restore finds a pin made by link when given the id, and a drop made by id when given the link", async () => {
    const chessLink = (await build()).headlines.find((h) => h.id === "courier-chess")!.link;
    await cli("pin", chessLink);
    const unpinned = await cli("restore", "courier-chess");
    expect(unpinned.code, unpinned.stderr).toBe(0);
    expect(unpinned.stdout).toBe(`${chessLink}: pin removed; selection decides again`);
    expect((await build()).lead.title).toBe(BRIDGE.wire.title);

    await cli("drop", "courier-chess");
    const undropped = await cli("restore", chessLink);
    expect(undropped.code, undropped.stderr).toBe(0);
    expect(undropped.stdout).toBe("courier-chess: drop removed; selection decides again");
    expect((await build()).overrides).toEqual({ pinned: [], dropped: [] });
  });

  it("a note is shown in the digest, can be read back and cleared", async () => {
    expect((await cli("note", "Bridge closed: see our detour map.")).code).toBe(0);
    expect((await cli("note")).stdout).toBe("Bridge closed: see our detour map.");
    expect((await build()).note).toBe("Bridge closed: see our detour map.");
    expect((await cli("note", "--clear")).code).toBe(0);
    const digest = await build();
    expect(digest.note).toBeUndefined();
    expect(digest.overrides).toEqual({ pinned: [], dropped: [] });
  });

  it("pin, drop and note shape the issue that is sent, and are gone after it", async () => {
    await cli("pin", "sports-garden");
    await cli("drop", "wire-bakery");
    await cli("note", "Welcome to the first issue.");
    // A test send and a dry run do not use them up.
    expect((await cli("send", "--to", "editor@example.org")).code).toBe(0);
    expect((await cli("send", "--dry-run")).code).toBe(0);
    const sent = await cli("send");
    expect(sent.code, sent.stderr).toBe(0);
    const issue = world.smtp.messages.at(-1)!;
    expect(issue.envelopeTo).toEqual(["ada@example.org"]);
    expect(issue.parsed.subject).toBe(`Test Brief: ${GARDEN.title}`);
    expect(issue.parsed.html).not.toContain(BAKERY.title);
    const db = new Database(`${world.temp.dir}/leadline.db`, { readonly: true });
    const stored = JSON.parse((db.prepare("SELECT digest FROM issues").get() as { digest: string }).digest) as Digest;
    db.close();
    expect(stored.note).toBe("Welcome to the first issue.");

    // The next day: new stories, and no trace of yesterday's overrides.
    const fresh = { title: "Night market returns to the old town square", guid: "wire-market", date: hoursAgo(1, NEXT_DAY), description: "Forty stalls open every Friday from December." };
    world.room.set("Wire", [fresh, ...DAY_ONE.Wire]);
    // Today's issue is out: a test send now shows the next one, dated for tomorrow's slot.
    expect((await cli("send", "--to", "editor@example.org")).code).toBe(0);
    expect(world.smtp.messages.at(-1)!.parsed.text).toContain("November 26, 2026");
    const next = await build(NEXT_DAY);
    expect(next.overrides).toEqual({ pinned: [], dropped: [] });
    expect(next.note).toBeUndefined();
    expect(next.lead.pinned).toBeUndefined();
    // The bakery was dropped, not sent: it may come back.
    expect(storyTitles(next)).toContain(BAKERY.title);
    expect((await cli("note")).stdout).toBe("(no note for the next issue)");
  });
});
