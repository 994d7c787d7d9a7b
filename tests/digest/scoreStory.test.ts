// The image part of a story's score, through `leadline build` on feeds from a loopback server.
import { describe, expect, it } from "vitest";
import { hoursAgo, useBuildingNewsroom } from "./newsroom.ts";

describe("the image bonus", () => {
  const newsroom = useBuildingNewsroom({ Wire: [], Metro: [], Courier: [], Gardens: [] });

  it("is not earned by a tracking pixel, which never reaches the message", async () => {
    const pixel = '&lt;img src="http://tracker.example/pixel.gif?u=reader" width="1" height="1"&gt;';
    newsroom.room.set("Wire", [
      { title: "Council votes to rebuild the old library", guid: "council", date: hoursAgo(2), description: `${pixel}&lt;p&gt;The city council voted to rebuild the old library.&lt;/p&gt;` },
    ]);
    newsroom.room.set("Metro", [
      { title: "Ferry timetable changes next week", guid: "ferry", date: hoursAgo(2.5), description: "Ferries run every twenty minutes from Monday.", image: "https://img.example.org/ferry.jpg" },
    ]);
    const { digest, html } = await newsroom.build();
    // With the pixel's bonus the fresher council story would lead (0.891 × 1.25 against 0.866 × 1.25).
    expect(digest.lead.title).toBe("Ferry timetable changes next week");
    const council = digest.headlines[0]!;
    expect(council.id).toBe("council");
    expect(council.image).toBeUndefined();
    expect(council.score).toMatchObject({ image: 1 });
    expect(html).not.toContain("tracker.example");
  });
});
