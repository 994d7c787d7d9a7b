import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/fixtures.ts";
import { serve, startHttpServer, type TestHttpServer } from "../helpers/httpServer.ts";

const NOW = "2026-11-26T00:00:00.000Z";
const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, "fixtures", name));

let http: TestHttpServer;
beforeAll(async () => {
  http = await startHttpServer({
    "/rss20.xml": serve(fixture("rss20.xml")),
    "/rss091.xml": serve(fixture("rss091.xml"), "text/xml"),
    "/rss092.xml": serve(fixture("rss092.xml"), "application/xml"),
    "/rdf.xml": serve(fixture("rdf.xml"), "application/rdf+xml"),
    "/atom10.xml": serve(fixture("atom10.xml"), "application/atom+xml"),
    "/atom03.xml": serve(fixture("atom03.xml"), "application/atom+xml"),
    "/feed11.json": serve(fixture("jsonfeed11.json"), "application/feed+json"),
    "/feed10.json": serve(fixture("jsonfeed10.json"), "application/json"),
  });
});
afterAll(() => http.close());

/** `leadline fetch --json` on one fixture served over HTTP: the feed and its articles as printed. */
async function fetchJson(route: string) {
  const result = await runCli(["--now", NOW, "fetch", "--json", `${http.url}${route}`]);
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as { ok: true; feed: Record<string, unknown>; articles: Record<string, unknown>[] };
}

describe("RSS 2.0", () => {
  it("maps channel and item elements, extension namespaces under any prefix, and the image order", async () => {
    const { feed, articles } = await fetchJson("/rss20.xml");
    expect(feed).toEqual({
      title: "Daily & Co",
      format: "RSS 2.0",
      link: "https://news.example.org/",
      description: "All the news",
      image: "https://news.example.org/logo.png",
    });
    expect(articles[0]).toEqual({
      id: "budget-4",
      title: "Budget passes",
      link: "https://news.example.org/2026/budget?utm_source=rss&id=4#top",
      published: "2026-11-25T10:40:00.000Z",
      author: "Ann Lee",
      summary: "The budget passed.",
      contentHtml: '<p>Full <em>text</em> <img src="https://news.example.org/2026/inline.jpg" alt="inline" /></p>',
      categories: ["Politics", "Money"],
      enclosures: [{ url: "https://news.example.org/audio/budget.mp3", type: "audio/mpeg", length: 12345 }],
      image: { url: "https://img.example.org/budget.jpg", alt: "MPs vote", credit: "AP" },
    });
    // A permalink guid is the link when there is no <link>; as an id it loses utm_* parameters.
    expect(articles[1]).toEqual({
      id: "https://news.example.org/second",
      title: "Second",
      link: "https://news.example.org/second?utm_medium=x",
      published: "2026-11-24T21:00:00.000Z",
      author: "Bo Chen",
      summary: "Plain",
      contentHtml: "Plain",
      categories: [],
      enclosures: [],
      image: { url: "https://img.example.org/thumb.jpg", credit: "Reuters" },
    });
    expect(articles[2]).toMatchObject({ author: "Cy Dee", image: { url: "https://img.example.org/cover.png" }, dateMissing: true, published: NOW });
    expect(articles[3]).toMatchObject({ published: "2026-11-25T07:00:00.000Z", image: { url: "https://img.example.org/photo.gif" } });
  });
});

describe("RSS 0.91 and 0.92", () => {
  it("reads 0.91 channels with an image and undated items", async () => {
    const { feed, articles } = await fetchJson("/rss091.xml");
    expect(feed).toEqual({ title: "Old Times", format: "RSS 0.91", link: "http://old.example.org/", description: "Since 1999", image: "http://old.example.org/old.gif" });
    expect(articles).toEqual([
      {
        id: "http://old.example.org/cafe.html",
        title: "Café opens",
        link: "http://old.example.org/cafe.html",
        published: NOW,
        dateMissing: true,
        summary: "Coffee at last.",
        contentHtml: "Coffee at last.",
        categories: [],
        enclosures: [],
      },
    ]);
  });

  it("reads 0.92 categories with a domain and enclosures", async () => {
    const { feed, articles } = await fetchJson("/rss092.xml");
    expect(feed).toEqual({ title: "Radio", format: "RSS 0.92", link: "http://radio.example.org/", description: "Shows" });
    expect(articles[0]).toMatchObject({
      categories: ["Music"],
      contentHtml: "<p>Listen</p>",
      summary: "Listen",
      enclosures: [{ url: "http://radio.example.org/1.mp3", type: "audio/mpeg", length: 5000 }],
    });
    expect(articles[0]!.image).toBeUndefined();
  });
});

describe("RSS 1.0 (RDF)", () => {
  it("reads items beside the channel, the RDF image, rdf:about ids and Dublin Core", async () => {
    const { feed, articles } = await fetchJson("/rdf.xml");
    expect(feed).toEqual({ title: "RDF News", format: "RSS 1.0", link: "https://rdf.example.org/", description: "Semantic", image: "https://rdf.example.org/logo.gif" });
    expect(articles).toEqual([
      {
        id: "https://rdf.example.org/a",
        title: "Atoms split",
        link: "https://rdf.example.org/a",
        published: "2026-11-25T06:00:00.000Z",
        author: "Dee",
        summary: "Desc",
        contentHtml: '<p>Body <img src="https://rdf.example.org/fig.png" /></p>',
        categories: ["Science"],
        enclosures: [],
        image: { url: "https://rdf.example.org/fig.png" },
      },
    ]);
  });
});

describe("Atom 1.0", () => {
  it("maps text constructs by type, links by rel, xml:base, logo, category term and the feed author", async () => {
    const { feed, articles } = await fetchJson("/atom10.xml");
    expect(feed).toEqual({
      title: "Atom <News>",
      format: "Atom 1.0",
      link: "https://atom.example.org/",
      description: "Fresh stories",
      image: "https://atom.example.org/blog/logo.png",
    });
    expect(articles[0]).toEqual({
      id: "tag:atom.example.org,2026:1",
      title: "Rates rise",
      link: "https://atom.example.org/blog/posts/rates",
      published: "2026-11-25T08:30:00.000Z",
      updated: "2026-11-25T10:00:00.000Z",
      author: "Eve",
      summary: "Rates <up> again",
      // xhtml content, resolved against the content element's own xml:base.
      contentHtml: '<p>Central <strong>bank</strong> <a href="https://cdn.example.org/move">moves</a></p>',
      categories: ["economy"],
      enclosures: [{ url: "https://atom.example.org/blog/img/rates.jpg", type: "image/jpeg", length: 2048 }],
      image: { url: "https://atom.example.org/blog/img/rates.jpg" },
    });
    expect(articles[1]).toEqual({
      id: "tag:atom.example.org,2026:2",
      title: "Second",
      link: "https://atom.example.org/2",
      published: "2026-11-24T08:00:00.000Z",
      author: "Desk",
      summary: "Hello",
      contentHtml: '<p>Hello <img src="https://atom.example.org/pic.png" alt="Pic" /></p>',
      categories: [],
      enclosures: [],
      image: { url: "https://atom.example.org/pic.png", alt: "Pic" },
    });
    expect(articles[2]).toMatchObject({ summary: "a < b", contentHtml: "a &lt; b" });
  });
});

describe("Atom 0.3", () => {
  it("reads tagline, issued, modified, escaped and base64 content", async () => {
    const { feed, articles } = await fetchJson("/atom03.xml");
    expect(feed).toEqual({ title: "Old Atom", format: "Atom 0.3", link: "https://old.example.org/", description: "Legacy tagline" });
    expect(articles[0]).toEqual({
      id: "tag:old.example.org,2004:1",
      title: "Legacy entry",
      link: "https://old.example.org/1",
      published: "2026-11-25T12:00:00.000Z",
      updated: "2026-11-25T13:00:00.000Z",
      author: "Old Desk",
      summary: "Short",
      contentHtml: "<p>Escaped <b>html</b></p>",
      categories: [],
      enclosures: [],
    });
    expect(articles[1]).toMatchObject({ published: "2026-11-24T07:00:00.000Z", contentHtml: "<p>Decoded</p>" });
  });
});

describe("JSON Feed", () => {
  it("maps JSON Feed 1.1 items, authors, tags, attachments and images", async () => {
    const { feed, articles } = await fetchJson("/feed11.json");
    expect(feed).toEqual({ title: "JSON News", format: "JSON Feed 1.1", link: "https://json.example.org/", description: "Fresh JSON", image: "https://json.example.org/icon.png" });
    expect(articles[0]).toEqual({
      id: "1",
      // A plain-text title keeps its characters; templates escape them.
      title: "Q&A: 5 < 6",
      link: "https://json.example.org/posts/1?utm_campaign=x",
      published: "2026-11-25T10:00:00.000Z",
      updated: "2026-11-25T11:00:00.000Z",
      author: "Fay, Hal",
      summary: "Sum",
      contentHtml: '<p>Hi <img src="https://json.example.org/posts/inline.png" /></p>',
      categories: ["a", "b"],
      enclosures: [{ url: "https://json.example.org/a.mp3", type: "audio/mpeg", length: 99 }],
      image: { url: "https://json.example.org/img/1.jpg" },
    });
    expect(articles[1]).toMatchObject({ author: "Desk", contentHtml: "text", dateMissing: true });
  });

  it("maps JSON Feed 1.0: numeric id, external_url, content_text, banner_image, author", async () => {
    const { feed, articles } = await fetchJson("/feed10.json");
    expect(feed).toEqual({ title: "JSON One", format: "JSON Feed 1.0", link: "https://one.example.org/", image: "https://one.example.org/favicon.png" });
    expect(articles).toEqual([
      {
        id: "42",
        title: "Linked",
        link: "https://elsewhere.example.org/story",
        published: "2026-11-20T18:00:00.000Z",
        author: "Gus",
        summary: "line <1>",
        contentHtml: "line &lt;1&gt;",
        categories: [],
        enclosures: [],
        image: { url: "https://one.example.org/banner.jpg" },
      },
    ]);
  });
});

describe("not a feed", () => {
  it("says what the document is instead", async () => {
    const server = await startHttpServer({ "/page": serve("<!doctype html><html><body>hi</body></html>", "text/html") });
    try {
      const result = await runCli(["fetch", "--json", `${server.url}/page`]);
      expect(result.code).toBe(1);
      expect(JSON.parse(result.stdout).error.message).toBe("not a readable RSS, Atom or JSON feed: the root element is <html>, not <rss>, <rdf:RDF> or <feed>");
    } finally {
      await server.close();
    }
  });
});
