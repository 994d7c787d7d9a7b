// History through `leadline send`: the next day offers only new stories, and no issue when nothing is new.
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { runCli, writeConfig } from "../helpers/fixtures.ts";
import { BAKERY, BRIDGE, CHESS, DAY_ONE, DETOURS, GARDEN, hoursAgo, NOW, useSendingNewsroom } from "./newsroom.ts";

const NEXT_DAY = "2026-11-26T12:00:00Z";
const FERRY = { title: "Extra ferries run while the bridge is closed", guid: "wire-ferry", date: hoursAgo(2, NEXT_DAY), description: "Two extra ferries will cross the harbour every half hour during the closure." };
/** Yesterday's bridge story, told again by a feed that did not carry it yesterday: a repeat. */
const BRIDGE_AGAIN = { title: "Harbour Bridge shut by cracks in main span for three weeks", guid: "gardens-bridge", date: hoursAgo(3, NEXT_DAY), description: "Engineers found cracks in the main span of the Harbour Bridge, which stays closed to traffic for three weeks of repairs." };

describe("history (leadline send)", () => {
  const world = useSendingNewsroom({ headlines: 3 });

  const send = (now: string) => runCli(["--config", world.config, "--now", now, "send"]);
  const issues = () => {
    const db = new Database(`${world.temp.dir}/leadline.db`, { readonly: true });
    try {
      return (db.prepare("SELECT COUNT(*) AS n FROM issues").get() as { n: number }).n;
    } finally {
      db.close();
    }
  };

  it("offers the next day only stories that did not go out, and no repeat of a story told again", async () => {
    expect((await send(NOW)).code).toBe(0);
    const first = world.smtp.messages[0]!.parsed.html as string;
    // Day one carried the bridge story and three headlines; the fourth (GARDEN) did not fit.
    for (const t of [BRIDGE.wire.title, DETOURS.title, BAKERY.title, CHESS.title]) expect(first).toContain(t);
    expect(first).not.toContain(GARDEN.title);

    world.room.set("Wire", [FERRY, ...DAY_ONE.Wire]);
    world.room.set("Gardens", [BRIDGE_AGAIN, GARDEN]);
    const second = await send(NEXT_DAY);
    expect(second.code, second.stderr).toBe(0);
    expect(world.smtp.messages).toHaveLength(2);
    const text = world.smtp.messages[1]!.parsed.html as string;
    expect(text).toContain(FERRY.title);
    expect(text).toContain(GARDEN.title);
    for (const t of [BRIDGE.wire.title, BRIDGE.metro.title, BRIDGE.courier.title, BRIDGE_AGAIN.title, DETOURS.title, BAKERY.title, CHESS.title]) {
      expect(text).not.toContain(t);
    }
  });

  it("does not offer a story again under a new guid when its link is the same (a CMS that changed ids), whatever its scheme or click ids", async () => {
    const chess = { ...CHESS, link: "https://courier.example.org/chess-final?utm_source=rss" };
    world.room.set("Courier", [chess, BRIDGE.courier]);
    expect((await send(NOW)).code).toBe(0);
    expect(world.smtp.messages[0]!.parsed.html).toContain(CHESS.title);

    // Its link now over http://, and with a click id a share from Facebook added.
    const republished = { ...chess, guid: "courier-chess-v2", link: "http://courier.example.org/chess-final?utm_source=newsletter&amp;fbclid=IwAR0abc#top", date: hoursAgo(1, NEXT_DAY) };
    world.room.set("Courier", [republished]);
    world.room.set("Wire", [FERRY]);
    const second = await send(NEXT_DAY);
    expect(second.code, second.stderr).toBe(0);
    const html = world.smtp.messages[1]!.parsed.html as string;
    expect(html).toContain(FERRY.title);
    expect(html).not.toContain(CHESS.title);
  });

  it("sends nothing, stores no issue and exits 0 when no story is new", async () => {
    expect((await send(NOW)).code).toBe(0);
    expect((await send("2026-11-25T18:00:00Z")).code).toBe(0); // same slot: resumes, nothing to do
    world.room.set("Gardens", []); // GARDEN was left over on day one; take it away so nothing is new
    const result = await send(NEXT_DAY);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/slot 2026-11-26T12:00:00Z: nothing to send: 0 new stories, fewer than digest\.minNewArticles \(1\); 6 article\(s\) already sent/);
    expect(world.smtp.messages).toHaveLength(1);
    expect(issues()).toBe(1);
  });

  it("sends nothing when fewer new stories than digest.minNewArticles exist", async () => {
    world.config = writeConfig(world.temp, { feeds: world.room.feeds(), smtp: { url: world.smtp.url }, digest: { headlines: 8, minNewArticles: 2 } });
    expect((await send(NOW)).code).toBe(0);
    world.room.set("Wire", [FERRY, ...DAY_ONE.Wire]);
    const result = await send(NEXT_DAY);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("nothing to send: 1 new story, fewer than digest.minNewArticles (2)");
    expect(world.smtp.messages).toHaveLength(1);
    expect(issues()).toBe(1);
  });
});
