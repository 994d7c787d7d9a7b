import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeTempDir, rssFeed, runCli, type TempDir } from "../helpers/fixtures.ts";
import { serve, startHttpServer, type TestHttpServer } from "../helpers/httpServer.ts";

describe("leadline fetch --json", () => {
  let http: TestHttpServer;
  let temp: TempDir;
  beforeEach(async () => {
    http = await startHttpServer({ "/a.rss": serve(rssFeed("Alpha", [{ title: "One", guid: "1", date: "Tue, 24 Nov 2026 10:00:00 GMT" }, { title: "" }])) });
    temp = makeTempDir();
  });
  afterEach(async () => {
    await http.close();
    temp.remove();
  });

  it("prints one JSON object per source, in order, with failures as ok:false", async () => {
    const atom = temp.file(
      "b.atom",
      `<feed xmlns="http://www.w3.org/2005/Atom"><title>Beta</title><link href="https://b.example.org/"/><entry><title>Two</title><id>urn:2</id><link href="/two"/><updated>2026-11-24T09:00:00Z</updated><summary>S</summary></entry></feed>`,
    );
    const result = await runCli(["fetch", "--json", `${http.url}/a.rss`, atom, `${http.url}/missing.rss`]);
    expect(result.code).toBe(1);
    const lines = result.stdout.split("\n").map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ source: `${http.url}/a.rss`, ok: true, feed: { title: "Alpha" } });
    expect(lines[0].articles.map((a: { title: string; skipped?: string }) => [a.title, a.skipped])).toEqual([["One", undefined], ["", "no title"]]);
    expect(lines[0].articles[0]).toMatchObject({ id: "1", published: "2026-11-24T10:00:00.000Z", categories: [], enclosures: [] });
    expect(lines[1]).toMatchObject({ source: atom, ok: true, feed: { title: "Beta", link: "https://b.example.org/" } });
    expect(lines[1].articles[0]).toMatchObject({ id: "urn:2", link: "https://b.example.org/two", summary: "S", published: "2026-11-24T09:00:00.000Z" });
    expect(lines[2]).toEqual({ source: `${http.url}/missing.rss`, ok: false, error: { code: "EFEED", message: "HTTP 404 Not Found" } });
  });

  it("lists each entry's link and id, which pin and drop take, without --json", async () => {
    const result = await runCli(["fetch", `${http.url}/a.rss`]);
    expect(result.code).toBe(0);
    const json = JSON.parse((await runCli(["fetch", "--json", `${http.url}/a.rss`])).stdout);
    const [one] = json.articles as { id: string; link: string }[];
    expect(one!.id).not.toBe(one!.link);
    expect(result.stdout.split("\n")).toEqual([
      `${http.url}/a.rss: Alpha, 2 article(s)`,
      "  2026-11-24T10:00:00.000Z  One",
      `      ${one!.link}  id: 1`,
      expect.stringMatching(/^  \S+ \(no date; when fetched\)  \(no title\)  \[skipped: no title\]$/),
      expect.stringMatching(/^      \S+/),
    ]);
  });
});
