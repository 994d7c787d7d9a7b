// What a build tells the operator about a feed's items: an archive cut to its newest, items no issue can carry.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, expect, it } from "vitest";
import { MAX_ARTICLES_PER_FEED } from "../../src/issue/buildDigest.ts";
import { makeTempDir, rssFeed, runCli, writeConfig, type TempDir } from "../helpers/fixtures.ts";

let temp: TempDir;
afterEach(() => temp.remove());

it("considers only a feed's newest articles, and an older one an editor pinned, and says so", async () => {
  temp = makeTempDir();
  const count = MAX_ARTICLES_PER_FEED + 100;
  // Article i is i minutes old; titles of their own words, so no two are one story.
  const items = Array.from({ length: count }, (_, i) => ({
    title: `Archive item ${i} ${i.toString(36)} ${(i * 7919).toString(36)}`,
    guid: `archive-${i}`,
    date: new Date(Date.parse("2026-11-25T12:00:00Z") - (i + 1) * 60_000).toUTCString(),
    description: `Entry ${i}.`,
  }));
  temp.file("archive.rss", rssFeed("Archive", items));
  const config = writeConfig(temp, { feeds: [{ url: "archive.rss", name: "Archive" }] });
  const oldest = `archive-${count - 1}`;
  expect((await runCli(["--config", config, "--now", "2026-11-25T12:00:00Z", "pin", oldest])).code).toBe(0);
  const built = await runCli(["--config", config, "--now", "2026-11-25T12:00:00Z", "build", "--out", path.join(temp.dir, "out")]);
  expect(built.code, built.stderr).toBe(0);
  expect(built.stderr).toContain(`feed "Archive" has ${count} articles: only its newest ${MAX_ARTICLES_PER_FEED} are considered`);
  const digest = JSON.parse(readFileSync(path.join(temp.dir, "out", "digest.json"), "utf8"));
  expect(digest.candidates).toBe(MAX_ARTICLES_PER_FEED + 1);
  expect([digest.lead, ...digest.headlines].map((s: { id: string }) => s.id)).toContain(oldest);
});

it("says how many of a feed's items no issue can carry, and why; a podcast episode without a page links to its audio", async () => {
  temp = makeTempDir();
  const withoutLink = (xml: string, guid: string) => xml.replace(new RegExp(`<link>[^<]*</link>(\\s*<guid isPermaLink="false">${guid}<)`), "$1");
  let xml = rssFeed("Pod", [
    { title: "Episode 12: the harbour", guid: "pod-12", date: "Wed, 25 Nov 2026 10:00:00 GMT", description: "This week.", extra: '<enclosure url="https://cdn.example.org/ep12.mp3" type="audio/mpeg" length="1000"/>' },
    { title: "", guid: "pod-untitled", date: "Wed, 25 Nov 2026 09:00:00 GMT", description: "No title." },
    { title: "Show notes only", guid: "pod-notes", date: "Wed, 25 Nov 2026 08:00:00 GMT", description: "Nothing to open." },
  ]);
  xml = withoutLink(withoutLink(xml, "pod-12"), "pod-notes");
  temp.file("pod.rss", xml);
  const config = writeConfig(temp, { feeds: [{ url: "pod.rss", name: "Pod" }] });
  const built = await runCli(["--config", config, "--now", "2026-11-25T12:00:00Z", "build", "--out", path.join(temp.dir, "out")]);
  expect(built.code, built.stderr).toBe(0);
  expect(built.stderr).toContain(`feed "Pod": 2 item(s) skipped (1 with no title, 1 with no usable link); \`leadline fetch ${path.join(temp.dir, "pod.rss")}\` lists them`);
  const digest = JSON.parse(readFileSync(path.join(temp.dir, "out", "digest.json"), "utf8"));
  expect(digest.lead).toMatchObject({ id: "pod-12", link: "https://cdn.example.org/ep12.mp3" });
});
