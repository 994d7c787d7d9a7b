// Editor overrides from the preview: a headline order and a subject, honoured by build and send, gone after the send.
import { readFileSync } from "node:fs";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import type { Digest } from "../../src/digest/digest.ts";
import { orderHeadlines } from "../../src/digest/orderHeadlines.ts";
import { openStore } from "../../src/store/openStore.ts";
import { loadOverrides, setHeadlineOrder, setSubject } from "../../src/store/overrides.ts";
import { runCli } from "../helpers/fixtures.ts";
import { NOW, useSendingNewsroom } from "./newsroom.ts";

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

  it("puts the headlines the order names first, in its order; the others follow as ranked", async () => {
    const ranked = (await build()).headlines.map((h) => h.id);
    expect(ranked.length).toBeGreaterThanOrEqual(3);
    const [first, second, ...others] = ranked;
    withStore((db) => setHeadlineOrder(db, "Test Brief", [others.at(-1)!, second!], new Date(NOW)));
    const digest = await build();
    expect(digest.headlines.map((h) => h.id)).toEqual([others.at(-1)!, second!, first!, ...others.slice(0, -1)]);
    expect(digest.overrides!.order).toEqual([others.at(-1)!, second!]);
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
});

describe("orderHeadlines", () => {
  const story = (id: string, alsoIn: string[] = []) => ({ id, title: id, link: `https://example.org/${id}`, feedName: "F", published: NOW, teaser: "", categories: [], alsoIn: alsoIn.map((a) => ({ id: a, feedName: "G", title: a, link: `https://example.org/${a}` })) });

  it("matches a story by any of its feeds' articles or its link, and ignores names of stories not there", () => {
    const list = [story("a"), story("b", ["b2"]), story("c")];
    expect(orderHeadlines(list, ["gone", "https://example.org/c", "b2"]).map((s) => s.id)).toEqual(["c", "b", "a"]);
    expect(orderHeadlines(list, []).map((s) => s.id)).toEqual(["a", "b", "c"]);
  });
});
