import { describe, expect, it } from "vitest";
import { normaliseArticle } from "../../src/feeds/normaliseArticle.ts";
import { parseFeed } from "../../src/feeds/parseFeed.ts";
import { rssFeed, type ItemSpec } from "../helpers/fixtures.ts";

const seenAt = new Date("2026-11-25T12:00:00Z");

async function imagesOf(items: ItemSpec[]) {
  const feed = await parseFeed(rssFeed("T", items));
  return feed.entries.map((entry) => normaliseArticle(entry, { feedName: "Test", feedLink: "https://example.org/news/", seenAt }).image);
}

const PIXEL = "http://host/pixel.gif?u=reader";
const img = (src: string, size: string) => `&lt;img src="${src}" ${size}&gt;`;

describe("lead image", () => {
  it("never takes a tracking pixel from the content: the next image big enough to lead, else none", async () => {
    const story = "&lt;p&gt;The city council voted…&lt;/p&gt;";
    const images = await imagesOf([
      { title: "pixel only", description: `${img(PIXEL, 'width="1" height="1"')}${story}` },
      { title: "pixel, then a photo", description: `${img(PIXEL, 'width="1" height="1"')}${story}${img("https://img.example.org/council.jpg", 'width="800" height="450"')}` },
      { title: "pixel given one side, in px", description: `${img(PIXEL, 'width="1px"')}${story}` },
      { title: "hidden: 0 × 0", description: `${img(PIXEL, 'width="0" height="0"')}${story}` },
      { title: "sized in CSS", description: `${img(PIXEL, 'style="width:1px;height:1px;border:0"')}${story}` },
      { title: "hidden in CSS", description: `${img(PIXEL, 'style="display: none"')}${story}` },
      { title: "CSS that only caps the width", description: `${img("https://img.example.org/wide.jpg", 'style="max-width:100%;height:auto"')}${story}` },
    ]);
    expect(images).toEqual([undefined, { url: "https://img.example.org/council.jpg", width: 800, height: 450 }, undefined, undefined, undefined, undefined, { url: "https://img.example.org/wide.jpg" }]);
  });

  it("skips media elements that say they are tiny, for a later candidate", async () => {
    const thumbnail = (url: string, size: string) => `<media:thumbnail url="${url}" ${size} />`;
    const images = await imagesOf([
      { title: "pixel thumbnail only", extra: thumbnail("https://host/p.gif", 'width="1" height="1"') },
      {
        title: "pixel thumbnail, then a real one",
        extra: thumbnail("https://host/p.gif", 'width="1" height="1"') + thumbnail("https://img.example.org/t.jpg", 'width="320" height="180"'),
      },
      { title: "an icon, then the content's picture", extra: thumbnail("https://img.example.org/icon.png", 'width="32" height="32"'), description: img("https://img.example.org/pic.jpg", "") },
      { title: "a banner strip", extra: `<media:content url="https://ads.example.org/strip.jpg" medium="image" width="600" height="2" />` },
    ]);
    expect(images).toEqual([
      undefined,
      { url: "https://img.example.org/t.jpg", width: 320, height: 180 },
      { url: "https://img.example.org/pic.jpg" },
      undefined,
    ]);
  });

  it("takes an image of 100 px on each side, or of no stated size", async () => {
    const images = await imagesOf([
      { title: "just big enough", description: img("https://img.example.org/a.jpg", 'width="100" height="100"') },
      { title: "99 px tall", description: img("https://img.example.org/b.jpg", 'width="600" height="99"') },
      { title: "no size", description: img("https://img.example.org/c.jpg", "") },
      { title: "a size that is no number", description: img("https://img.example.org/d.jpg", 'width="100%" height="auto"') },
    ]);
    expect(images).toEqual([
      { url: "https://img.example.org/a.jpg", width: 100, height: 100 },
      undefined,
      { url: "https://img.example.org/c.jpg" },
      { url: "https://img.example.org/d.jpg" },
    ]);
  });
});
