// The recency and image parts of a story's score, through `leadline build` on feeds from a loopback server.
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

  it("counts an undated story as one half-life old (12 h), not as new as the moment it was fetched", async () => {
    newsroom.room.set("Wire", [{ title: "Bakery wins a national award", guid: "undated", description: "No date in the feed." }]);
    newsroom.room.set("Metro", [{ title: "Rail line reopens after repairs", guid: "rail", date: hoursAgo(10), description: "Trains run again from Monday." }]);
    const { digest } = await newsroom.build();
    expect(digest.lead.title).toBe("Rail line reopens after repairs"); // 0.5^(10/12) = 0.56 against 0.5
    const undated = digest.headlines.find((h) => h.id === "undated")!;
    expect(undated.score).toMatchObject({ recency: 0.5, ageHours: 12, undated: true });
    expect(digest.lead.score!.undated).toBeUndefined();
  });
});
