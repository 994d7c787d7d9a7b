// Story selection through `leadline build`: clustering, the lead, related headlines, history-free editing.
import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Digest, DigestStory } from "../../src/digest/digest.ts";
import { makeTempDir, runCli, writeConfig, type TempDir } from "../helpers/fixtures.ts";
import { BAKERY, BRIDGE, CHESS, DETOURS, GARDEN, hoursAgo, NOW, startNewsroom, type Newsroom } from "./newsroom.ts";

describe("story selection (leadline build)", () => {
  let room: Newsroom;
  let temp: TempDir;

  beforeEach(async () => {
    room = await startNewsroom();
    temp = makeTempDir();
  });

  afterEach(async () => {
    await room.http.close();
    temp.remove();
  });

  async function build(config: Record<string, unknown> = {}, now = NOW, out = "out"): Promise<Digest> {
    const file = writeConfig(temp, { feeds: room.feeds(), ...config });
    const result = await runCli(["--config", file, "--now", now, "build", "--out", `${temp.dir}/${out}`]);
    expect(result.code, result.stderr).toBe(0);
    return JSON.parse(readFileSync(`${temp.dir}/${out}/digest.json`, "utf8")) as Digest;
  }
  const titles = (stories: DigestStory[]) => stories.map((s) => s.title);

  it("leads with a story carried by three feeds over a fresher story carried by one", async () => {
    const digest = await build();
    expect(digest.lead.title).toBe(BRIDGE.wire.title);
    expect(digest.lead.score).toMatchObject({ feeds: 3, weight: 1, image: 1 });
    const bakery = digest.headlines.find((h) => h.title === BAKERY.title)!;
    expect(bakery.score).toMatchObject({ feeds: 1, image: 1.25 });
    // The bakery is fresher (1 h against 7.5 h) yet scores lower: coverage carries the bridge.
    expect(bakery.score!.recency).toBeGreaterThan(digest.lead.score!.recency);
    expect(bakery.score!.total).toBeLessThan(digest.lead.score!.total);
    expect(digest.why).toContain("3 feeds");
  });

  it("writes each score's parts, and their product, to digest.json", async () => {
    const { lead } = await build();
    const s = lead.score!;
    expect(s.ageHours).toBe(7.5);
    expect(s.recency).toBeCloseTo(0.5 ** (7.5 / 12), 4);
    expect(s.coverage).toBeCloseTo(1 + Math.log2(3), 4);
    expect(s.total).toBeCloseTo(s.recency * s.weight * s.coverage * s.image, 3);
  });

  it("shows near-duplicates once, naming the other feeds", async () => {
    const digest = await build();
    const all = [digest.lead, ...digest.headlines];
    expect(titles(all).filter((t) => /Harbour Bridge/.test(t) && !/detours/.test(t))).toHaveLength(1);
    expect(titles(all)).not.toContain(BRIDGE.metro.title);
    expect(titles(all)).not.toContain(BRIDGE.courier.title);
    expect(digest.lead.alsoIn!.map((a) => a.feedName)).toEqual(["Metro", "Courier"]);
    expect(digest.excluded).toMatchObject({ duplicates: 2 });
    expect(digest.stories).toBe(5);
    const html = readFileSync(`${temp.dir}/out/digest.html`, "utf8");
    expect(html).toMatch(/also in <a [^>]*>Metro<\/a>, <a [^>]*>Courier<\/a>/);
  });

  it("keeps a related follow-up from another feed apart from the story it follows", async () => {
    room.set("Gardens", [GARDEN, DETOURS]);
    room.set("Metro", [BRIDGE.metro]);
    const digest = await build();
    expect(digest.lead.alsoIn!.map((a) => a.feedName)).toEqual(["Metro", "Courier"]);
    expect(titles(digest.headlines)).toContain(DETOURS.title);
  });

  it("lists headlines related to the lead before unrelated ones that score higher", async () => {
    const digest = await build();
    expect(titles(digest.headlines)).toEqual([DETOURS.title, BAKERY.title, CHESS.title, GARDEN.title]);
    const [detours, bakery] = digest.headlines;
    expect(detours!.related).toBeGreaterThanOrEqual(0.1);
    expect(bakery!.related).toBeLessThan(0.1);
    expect(detours!.score!.total).toBeLessThan(bakery!.score!.total);
  });

  it("fills up to digest.headlines, best first", async () => {
    const digest = await build({ digest: { headlines: 2 } });
    expect(titles(digest.headlines)).toEqual([DETOURS.title, BAKERY.title]);
  });

  it("lets feeds[].weight outweigh coverage", async () => {
    const digest = await build({ feeds: room.feeds({ Gardens: 10 }) });
    expect(digest.lead.title).toBe(GARDEN.title);
    expect(digest.lead.score!.weight).toBe(10);
  });

  it("drops articles older than digest.maxAgeHours", async () => {
    const digest = await build({ digest: { maxAgeHours: 6 } });
    expect(titles([digest.lead, ...digest.headlines]).sort()).toEqual([BAKERY.title, CHESS.title, GARDEN.title].sort());
    expect(digest.excluded).toMatchObject({ tooOld: 4 });
  });

  it("groups headlines by feed when digest.sections asks", async () => {
    const digest = await build({ digest: { sections: "feed" } });
    expect(digest.sections!.map((s) => s.title)).toEqual(["Metro", "Wire", "Courier", "Gardens"]);
    expect(digest.sections!.flatMap((s) => titles(s.headlines))).toEqual(titles(digest.headlines));
  });

  it("gives titles and teasers without markup, teasers cut at a word and ended with …", async () => {
    room.set("Gardens", [
      {
        title: "Seed &lt;b&gt;library&lt;/b&gt; opens",
        guid: "g-markup",
        date: hoursAgo(2),
        description: "<![CDATA[<p>Members can <em>borrow</em> heritage tomato seeds, bean seeds and squash seeds &amp; return seeds from their own harvest every autumn at the society's shed.</p>]]>",
      },
    ]);
    const digest = await build({ digest: { teaserLength: 60 } });
    const story = digest.headlines.find((h) => h.id === "g-markup")!;
    expect(story.title).toBe("Seed library opens");
    expect(story.teaser).not.toMatch(/[<>]/);
    expect(story.teaser.endsWith("…")).toBe(true);
    expect([...story.teaser].length).toBeLessThanOrEqual(60);
    const kept = story.teaser.slice(0, -1);
    expect("Members can borrow heritage tomato seeds, bean seeds and squash seeds & return".startsWith(kept)).toBe(true);
    expect(kept).toMatch(/\p{L}$/u);
  });

  it("builds the same digest, byte for byte, from the same articles and clock", async () => {
    await build({}, NOW, "first");
    await build({}, NOW, "second");
    for (const file of ["digest.json", "digest.html", "digest.txt"]) {
      expect(readFileSync(`${temp.dir}/second/${file}`)).toEqual(readFileSync(`${temp.dir}/first/${file}`));
    }
  });

  it("builds nothing and says why when there are fewer new stories than digest.minNewArticles", async () => {
    const file = writeConfig(temp, { feeds: room.feeds(), digest: { minNewArticles: 6 } });
    const result = await runCli(["--config", file, "--now", NOW, "build", "--out", `${temp.dir}/none`]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/nothing to send: 5 new stories, fewer than digest\.minNewArticles \(6\)/);
  });

  it("fails, naming the feeds, when every feed failed: an outage is not a quiet day", async () => {
    const file = writeConfig(temp, { feeds: [{ url: `${room.http.url}/missing.rss`, name: "Missing" }] });
    const result = await runCli(["--config", file, "--now", NOW, "build", "--out", `${temp.dir}/none`]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("every feed failed (Missing): no digest");
  });
});
