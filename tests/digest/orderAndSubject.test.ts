// Editor overrides from the preview: headline places and a subject, honoured by build and send, gone after the send.
import { readFileSync } from "node:fs";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import type { Digest } from "../../src/digest/digest.ts";
import type { HeadlinePlacement } from "../../src/digest/editorOverrides.ts";
import { namesStory, orderHeadlines } from "../../src/digest/orderHeadlines.ts";
import { openStore } from "../../src/store/openStore.ts";
import { loadOverrides, setHeadlineOrder, setSubject } from "../../src/store/overrides.ts";
import { runCli } from "../helpers/fixtures.ts";
import { BAKERY, CHESS, GARDEN, NOW, useSendingNewsroom } from "./newsroom.ts";

describe("headline order and subject overrides", () => {
  const world = useSendingNewsroom();
  const withStore = <T>(work: (db: Database.Database) => T): T => {
    const store = openStore(`${world.temp.dir}/leadline.db`);
    try {
      return work(store.db);
    } finally {
      store.close();
    }
  };
  async function build(): Promise<Digest> {
    const result = await runCli(["--config", world.config, "--now", NOW, "build", "--out", `${world.temp.dir}/out`]);
    expect(result.code, result.stderr).toBe(0);
    return JSON.parse(readFileSync(`${world.temp.dir}/out/digest.json`, "utf8")) as Digest;
  }

  it("puts a placed headline at its place; the others fill the free places as ranked", async () => {
    const ranked = (await build()).headlines.map((h) => h.id);
    expect(ranked.length).toBeGreaterThanOrEqual(4);
    const [first, second, third, ...rest] = ranked;
    withStore((db) => setHeadlineOrder(db, "Test Brief", [{ article: rest.at(-1)!, at: 1 }], new Date(NOW)));
    const digest = await build();
    expect(digest.headlines.map((h) => h.id)).toEqual([first!, rest.at(-1)!, second!, third!, ...rest.slice(0, -1)]);
    expect(digest.overrides!.order).toEqual([{ article: rest.at(-1)!, at: 1 }]);
  });

  it("sends the editor's subject word for word, then forgets it", async () => {
    withStore((db) => setSubject(db, "Test Brief", "Bridge shut: {{what}} you need to know", new Date(NOW)));
    expect((await build()).subject).toBe("Bridge shut: {{what}} you need to know");
    expect(JSON.parse(readFileSync(`${world.temp.dir}/out/digest.json`, "utf8")).subject).toBe("Bridge shut: {{what}} you need to know");
    const sent = await runCli(["--config", world.config, "--now", NOW, "send"]);
    expect(sent.code, sent.stderr).toBe(0);
    expect(world.smtp.messages.at(-1)!.parsed.subject).toBe("Bridge shut: {{what}} you need to know");
    expect(withStore((db) => loadOverrides(db, "Test Brief"))).toEqual({ pins: [], drops: [], through: expect.any(Number) });
  });

  it("fills {{subscriber.…}} in the editor's subject for each reader, and nothing else", async () => {
    expect((await runCli(["--config", world.config, "subscribers", "add", "bob@example.org"])).code).toBe(0);
    withStore((db) => setSubject(db, "Test Brief", "For {{ subscriber.email }}{{subscriber.city}}: {{lead.title}}", new Date(NOW)));
    const sent = await runCli(["--config", world.config, "--now", NOW, "send"]);
    expect(sent.code, sent.stderr).toBe(0);
    const subjects = world.smtp.messages.map((m) => [m.parsed.to, m.parsed.subject]);
    expect(subjects).toEqual([
      [expect.objectContaining({ text: "ada@example.org" }), "For ada@example.org: {{lead.title}}"],
      [expect.objectContaining({ text: "bob@example.org" }), "For bob@example.org: {{lead.title}}"],
    ]);
  });
});

describe("headline places against digest.headlines and pins", () => {
  const world = useSendingNewsroom({ headlines: 2 });
  async function build(): Promise<Digest> {
    const result = await runCli(["--config", world.config, "--now", NOW, "build", "--out", `${world.temp.dir}/out`]);
    expect(result.code, result.stderr).toBe(0);
    return JSON.parse(readFileSync(`${world.temp.dir}/out/digest.json`, "utf8")) as Digest;
  }
  const place = (order: HeadlinePlacement[]) => {
    const store = openStore(`${world.temp.dir}/leadline.db`);
    setHeadlineOrder(store.db, "Test Brief", order, new Date(NOW));
    store.close();
  };
  const cli = (...args: string[]) => runCli(["--config", world.config, "--now", NOW, ...args]);

  it("keeps a story the editor placed even when it ranks below digest.headlines; the cut takes the lowest ranked", async () => {
    expect((await build()).headlines.map((h) => h.id)).toEqual(["metro-detours", "wire-bakery"]);
    place([{ article: GARDEN.guid!, at: 0 }]);
    expect((await build()).headlines.map((h) => h.id)).toEqual([GARDEN.guid, "metro-detours"]);
  });

  it("puts pinned stories at the head of the headlines, the editor's places after them", async () => {
    place([{ article: GARDEN.guid!, at: 0 }, { article: CHESS.guid!, at: 1 }]);
    expect((await cli("pin", CHESS.guid!)).code).toBe(0);
    expect((await cli("pin", BAKERY.guid!)).code).toBe(0);
    const digest = await build();
    expect(digest.lead.id).toBe(BAKERY.guid);
    expect(digest.headlines.map((h) => [h.id, h.pinned ?? false])).toEqual([
      [CHESS.guid, true],
      [GARDEN.guid, false],
    ]);
  });

  it("reads an order stored as a list of ids (before places) as each id at its place", async () => {
    const store = openStore(`${world.temp.dir}/leadline.db`);
    store.db.prepare("INSERT INTO overrides (newsletter, kind, target, created_at) VALUES ('Test Brief', 'order', ?, ?)").run(JSON.stringify([GARDEN.guid]), NOW);
    store.close();
    expect((await build()).headlines.map((h) => h.id)).toEqual([GARDEN.guid, "metro-detours"]);
  });
});

describe("orderHeadlines", () => {
  const places: Record<string, number> = { c: 0, e: 9, b: 2 };
  const placeOf = (id: string) => places[id];

  it("puts each placed item at its place and fills the free places in ranked order; a place past the end goes last", () => {
    expect(orderHeadlines(["a", "b", "c", "d", "e"], placeOf)).toEqual(["c", "a", "b", "d", "e"]);
    expect(orderHeadlines(["a", "b", "c"], placeOf)).toEqual(["c", "a", "b"]);
    expect(orderHeadlines(["a", "d"], placeOf)).toEqual(["a", "d"]);
    expect(orderHeadlines(["e", "a"], placeOf)).toEqual(["a", "e"]);
  });
});

describe("namesStory", () => {
  const story = { id: "a", title: "A", link: "https://example.org/a", feedName: "F", published: NOW, teaser: "", categories: [], alsoIn: [{ id: "a2", feedName: "G", title: "A", link: "https://example.org/a2" }] };

  it("names a story by any of its feeds' articles or links", () => {
    for (const reference of ["a", "https://example.org/a", "a2", "https://example.org/a2"]) expect(namesStory(reference, story), reference).toBe(true);
    expect(namesStory("b", story)).toBe(false);
  });
});
