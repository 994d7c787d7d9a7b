// Folding copies of one article into one story, within a feed and across feeds, through `leadline build`.
import { describe, expect, it } from "vitest";
import type { Digest } from "../../src/digest/digest.ts";
import type { ItemSpec } from "../helpers/fixtures.ts";
import { BAKERY, BRIDGE, CHESS, DETOURS, GARDEN, hoursAgo, useBuildingNewsroom } from "./newsroom.ts";

const MAYOR_TITLE = "Council elects Jane Doe as the city's new mayor";
const MAYOR_TEXT = "The city council elected Jane Doe as mayor on Tuesday after a tied first round.";
/** One CMS story published three times (corrections), each with a new guid; one link carries tracking and a fragment. */
const MAYOR_COPIES: ItemSpec[] = [
  { title: MAYOR_TITLE, link: "https://example.org/d/mayor", guid: "cms-101", date: hoursAgo(6), description: MAYOR_TEXT },
  { title: MAYOR_TITLE, link: "https://example.org/d/mayor?utm_source=rss#comments", guid: "cms-101-v2", date: hoursAgo(5), description: MAYOR_TEXT },
  { title: MAYOR_TITLE, link: "https://example.org/d/mayor", guid: "cms-101-v3", date: hoursAgo(4), description: `${MAYOR_TEXT} She takes office in January.` },
];

describe("copies of one article (leadline build)", () => {
  const newsroom = useBuildingNewsroom();
  const build = async () => (await newsroom.build()).digest;
  const mayorStories = (digest: Digest) => [digest.lead, ...digest.headlines].filter((s) => s.title === MAYOR_TITLE);

  it("are one story when one feed repeats an article under new guids, shown by its newest copy", async () => {
    newsroom.room.set("Metro", [...MAYOR_COPIES, BRIDGE.metro, DETOURS]);
    const digest = await build();
    const [mayor, ...again] = mayorStories(digest);
    expect(again).toEqual([]);
    expect(mayor).toMatchObject({ id: "cms-101-v3", teaser: `${MAYOR_TEXT} She takes office in January.`, score: { feeds: 1 } });
    // The feed's other copies are not "also in" its own feed.
    expect(mayor!.alsoIn).toEqual([]);
    expect(digest.stories).toBe(6);
    expect(digest.excluded).toMatchObject({ duplicates: 2 + 2 });
  });

  it("are one story across feeds when they share a canonical link or a title", async () => {
    newsroom.room.set("Metro", [...MAYOR_COPIES, BRIDGE.metro, DETOURS]);
    newsroom.room.set("Courier", [CHESS, BRIDGE.courier, { title: MAYOR_TITLE, guid: "courier-mayor", date: hoursAgo(4.5), description: "Jane Doe won the council vote." }]);
    // Over http://, with a Mailchimp click id: still the same page.
    newsroom.room.set("Gardens", [GARDEN, { title: "Town hall picks a new leader", link: "http://example.org/d/mayor?utm_medium=email&amp;mc_cid=4f1&amp;mc_eid=9a2", guid: "gardens-mayor", date: hoursAgo(7), description: "Allotments will have a say." }]);
    const digest = await build();
    const [mayor, ...again] = mayorStories(digest);
    expect(again).toEqual([]);
    expect(mayor!.id).toBe("cms-101-v3");
    expect(mayor!.alsoIn!.map((a) => [a.feedName, a.id])).toEqual([
      ["Courier", "courier-mayor"],
      ["Gardens", "gardens-mayor"],
    ]);
    expect(mayor!.score).toMatchObject({ feeds: 3 });
    expect([digest.lead, ...digest.headlines].map((s) => s.id)).not.toContain("gardens-mayor");
    expect(digest.stories).toBe(6);
    expect([BAKERY, CHESS, GARDEN, DETOURS].every((item) => [digest.lead, ...digest.headlines].some((s) => s.title === item.title))).toBe(true);
  });

  it("are two stories across feeds when all they share is a short, generic title", async () => {
    const metroLetters = { title: "Letters", guid: "metro-letters", date: hoursAgo(2), description: "Readers write about the parking meters on Elm Street and the new library hours." };
    const courierLetters = { title: "Letters", guid: "courier-letters", date: hoursAgo(2.5), description: "On the chess club funding, the school run and a lost cat found in the harbour." };
    newsroom.room.set("Metro", [BRIDGE.metro, DETOURS, metroLetters]);
    newsroom.room.set("Courier", [CHESS, BRIDGE.courier, courierLetters]);
    const digest = await build();
    const letters = [digest.lead, ...digest.headlines].filter((s) => s.title === "Letters");
    expect(letters.map((s) => [s.id, s.alsoIn ?? []])).toEqual(
      expect.arrayContaining([
        ["metro-letters", []],
        ["courier-letters", []],
      ]),
    );
    expect(letters).toHaveLength(2);
  });
});
