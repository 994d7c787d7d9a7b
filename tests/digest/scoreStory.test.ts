// The image part of a story's score, through `leadline build` on feeds from a loopback server.
import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Digest } from "../../src/digest/digest.ts";
import { makeTempDir, runCli, writeConfig, type TempDir } from "../helpers/fixtures.ts";
import { hoursAgo, NOW, startNewsroom, type Newsroom } from "./newsroom.ts";

describe("the image bonus", () => {
  let room: Newsroom;
  let temp: TempDir;

  beforeEach(async () => {
    room = await startNewsroom({ Wire: [], Metro: [], Courier: [], Gardens: [] });
    temp = makeTempDir();
  });

  afterEach(async () => {
    await room.http.close();
    temp.remove();
  });

  async function build(): Promise<{ digest: Digest; html: string }> {
    const file = writeConfig(temp, { feeds: room.feeds() });
    const result = await runCli(["--config", file, "--now", NOW, "build", "--out", `${temp.dir}/out`]);
    expect(result.code, result.stderr).toBe(0);
    const read = (name: string) => readFileSync(`${temp.dir}/out/${name}`, "utf8");
    return { digest: JSON.parse(read("digest.json")) as Digest, html: read("digest.html") };
  }

  it("is not earned by a tracking pixel, which never reaches the message", async () => {
    const pixel = '&lt;img src="http://tracker.example/pixel.gif?u=reader" width="1" height="1"&gt;';
    room.set("Wire", [
      { title: "Council votes to rebuild the old library", guid: "council", date: hoursAgo(2), description: `${pixel}&lt;p&gt;The city council voted to rebuild the old library.&lt;/p&gt;` },
    ]);
    room.set("Metro", [
      { title: "Ferry timetable changes next week", guid: "ferry", date: hoursAgo(2.5), description: "Ferries run every twenty minutes from Monday.", image: "https://img.example.org/ferry.jpg" },
    ]);
    const { digest, html } = await build();
    // With the pixel's bonus the fresher council story would lead (0.891 × 1.25 against 0.866 × 1.25).
    expect(digest.lead.title).toBe("Ferry timetable changes next week");
    const council = digest.headlines[0]!;
    expect(council.id).toBe("council");
    expect(council.image).toBeUndefined();
    expect(council.score).toMatchObject({ image: 1 });
    expect(html).not.toContain("tracker.example");
  });
});
