import { describe, expect, it } from "vitest";
import { normaliseArticle } from "../../src/feeds/normaliseArticle.ts";
import { parseFeed } from "../../src/feeds/parseFeed.ts";
import { rssFeed } from "../helpers/fixtures.ts";

const seenAt = new Date("2026-11-25T12:00:00Z");

async function articlesOf(xml: string) {
  const feed = await parseFeed(xml);
  return feed.entries.map((item) => normaliseArticle(item, { feedName: "Test", feedLink: "https://example.org/news/", seenAt }));
}

describe("normaliseArticle", () => {
  it("maps an RSS item onto an Article", async () => {
    const [article] = await articlesOf(
      rssFeed("T", [
        {
          title: "Budget passes",
          link: "https://example.org/news/budget?utm_source=rss&amp;id=4#top",
          date: "Wed, 25 Nov 2026 05:40:00 -0500",
          description: "&lt;p&gt;The &lt;b&gt;budget&lt;/b&gt; passed.&lt;/p&gt;",
          extra: "<dc:creator>Ann Lee</dc:creator><category>Politics</category><category domain=\"x\">Money</category>",
        },
      ]),
    );
    expect(article).toMatchObject({
      id: "https://example.org/news/budget?id=4",
      title: "Budget passes",
      link: "https://example.org/news/budget?utm_source=rss&id=4#top",
      published: "2026-11-25T10:40:00.000Z",
      author: "Ann Lee",
      summary: "The budget passed.",
      contentHtml: "<p>The <b>budget</b> passed.</p>",
      categories: ["Politics", "Money"],
    });
    expect(article!.dateMissing).toBeUndefined();
  });

  it("removes scripts, event handlers and javascript: links from content", async () => {
    const hostile = `&lt;p onclick="steal()"&gt;Hi&lt;script&gt;alert(1)&lt;/script&gt;&lt;a href="javascript:alert(1)"&gt;x&lt;/a&gt;&lt;img src="data:image/png;base64,AAAA" onerror="x()"&gt;&lt;iframe src="https://evil.example"&gt;&lt;/iframe&gt;&lt;a href="/ok"&gt;ok&lt;/a&gt;&lt;/p&gt;`;
    const [article] = await articlesOf(rssFeed("T", [{ title: "t", description: hostile }]));
    expect(article!.contentHtml).toBe('<p>Hi<a>x</a><a href="https://example.org/T/0">ok</a></p>'.replace("https://example.org/T/0", "https://example.org/ok"));
    expect(article!.contentHtml).not.toMatch(/script|onerror|onclick|javascript:|data:|iframe/i);
  });

  it("makes titles plain text without markup, control characters or line breaks", async () => {
    const [article] = await articlesOf(rssFeed("T", [{ title: "Breaking:&#13;&#10;Bcc: victim@example.org &lt;b&gt;bold&lt;/b&gt;&#8238;txt" }]));
    expect(article!.title).toBe("Breaking: Bcc: victim@example.org bold txt");
  });

  it("drops zero-width spaces, word joiners and byte-order marks from titles and summaries, keeping the joiners of emoji and words", async () => {
    const [article] = await articlesOf(
      rssFeed("T", [
        {
          title: "\uFEFFCity\u200B council\u2060 votes&#8203; &#xFEFF;to\u200Bday: family 👨\u200D👩\u200D👧 day, می\u200Cخواهم",
          description: "Zero\u200Bwidth &amp;#8203;spaces\uFEFF gone.",
        },
      ]),
    );
    expect(article!.title).toBe("City council votes today: family 👨\u200D👩\u200D👧 day, می\u200Cخواهم");
    expect(article!.summary).toBe("Zerowidth spaces gone.");
  });

  it("drops references to no character (NUL, a lone surrogate) instead of showing U+FFFD", async () => {
    const rss = await articlesOf(
      rssFeed("T", [
        { title: "Budget&#0; passes &#xD800;today&#x110000;", description: "&lt;p&gt;Council&amp;#0; votes &amp;#xdfff;&amp;#55296now&lt;/p&gt;" },
        { title: "<![CDATA[Rents &#0;rise &#xD800;again]]>", description: "<![CDATA[<p>Up &#0;again</p>]]>" },
        { title: "Literal &amp;amp;#0; text stays" },
      ]),
    );
    expect(rss.map((a) => [a.title, a.summary, a.contentHtml])).toEqual([
      ["Budget passes today", "Council votes now", "<p>Council votes now</p>"],
      ["Rents rise again", "Up again", "<p>Up again</p>"],
      ["Literal &#0; text stays", "", ""],
    ]);
    const [atom] = await articlesOf(`<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><id>urn:a</id><updated>2026-11-25T10:00:00Z</updated>
  <entry><title type="text">Ferry&#0; timetable</title><id>urn:x</id><link href="https://example.org/x"/><updated>2026-11-25T10:00:00Z</updated></entry>
</feed>`);
    expect(atom!.title).toBe("Ferry timetable");
    const [json] = await articlesOf(JSON.stringify({ version: "https://jsonfeed.org/version/1.1", title: "J", items: [{ id: "1", title: "Tram \ud800line opens", url: "https://example.org/1" }] }));
    expect(json!.title).toBe("Tram line opens");
  });

  it("gives an undated entry the time it was first seen, flagged", async () => {
    const [article] = await articlesOf(rssFeed("T", [{ title: "No date" }]));
    expect(article!.published).toBe(seenAt.toISOString());
    expect(article!.dateMissing).toBe(true);
  });

  it("finds the lead image in an enclosure, media:content or the first <img>", async () => {
    const articles = await articlesOf(
      rssFeed("T", [
        { title: "a", image: "https://img.example.org/a.jpg" },
        { title: "b", extra: '<media:content url="https://img.example.org/b.jpg" medium="image"><media:credit>AP</media:credit></media:content><media:description>A caption</media:description>' },
        { title: "c", description: '&lt;p&gt;&lt;img src="/c.png" alt="Alt c"&gt;&lt;/p&gt;' },
      ]),
    );
    expect(articles.map((a) => a.image)).toEqual([
      { url: "https://img.example.org/a.jpg" },
      { url: "https://img.example.org/b.jpg", alt: "A caption", credit: "AP" },
      { url: "https://example.org/c.png", alt: "Alt c" },
    ]);
  });

  it("reads the lead image's size from media:content and media:thumbnail, only when both are whole pixels", async () => {
    const media = (element: string, url: string, size: string) =>
      `<media:${element} url="https://img.example.org/${url}" ${size} ${element === "content" ? 'medium="image"' : ""} />`;
    const articles = await articlesOf(
      rssFeed("T", [
        { title: "a", extra: media("content", "a.jpg", 'width="1200" height="675"') },
        { title: "b", extra: `<media:group>${media("thumbnail", "b.jpg", 'width=" 320 " height="180"')}</media:group>` },
        { title: "c", extra: media("content", "c.jpg", 'width="100%" height="675"') },
        { title: "d", extra: media("content", "d.jpg", 'width="1200.5" height="675"') },
        { title: "e", extra: media("thumbnail", "e.jpg", 'width="abc" height="675"') },
        { title: "f", extra: media("content", "f.jpg", 'width="1200"') },
        { title: "g", extra: media("content", "g.jpg", 'width="99999" height="675"') },
      ]),
    );
    expect(articles.map((a) => a.image)).toEqual([
      { url: "https://img.example.org/a.jpg", width: 1200, height: 675 },
      { url: "https://img.example.org/b.jpg", width: 320, height: 180 },
      ...["c", "d", "e", "f", "g"].map((name) => ({ url: `https://img.example.org/${name}.jpg` })),
    ]);
  });

  it("reads the size of an <img> in the content, RSS or Atom, only when both are whole pixels", async () => {
    const img = (size: string) => `&lt;p&gt;&lt;img src="/pic.png" alt="Pic" ${size}&gt;&lt;/p&gt;`;
    const rss = await articlesOf(
      rssFeed("T", [
        { title: "a", description: img('width="800" height="450"') },
        { title: "b", description: img('width="800px" height="450"') },
        { title: "c", description: img('width="-800" height="450"') },
        { title: "d", description: img('height="450"') },
      ]),
    );
    expect(rss.map((a) => a.image)).toEqual([
      { url: "https://example.org/pic.png", alt: "Pic", width: 800, height: 450 },
      ...Array.from({ length: 3 }, () => ({ url: "https://example.org/pic.png", alt: "Pic" })),
    ]);
    const [atom] = await articlesOf(`<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><id>urn:a</id><updated>2026-11-25T10:00:00Z</updated>
  <entry><title>x</title><id>urn:x</id><link href="https://example.org/x"/><updated>2026-11-25T10:00:00Z</updated>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><img src="https://img.example.org/x.jpg" width="640" height="360"/></div></content>
  </entry>
</feed>`);
    expect(atom!.image).toEqual({ url: "https://img.example.org/x.jpg", width: 640, height: 360 });
  });

  it("ends a word at each paragraph, line break, list item and cell when it makes HTML plain text", async () => {
    const html = "&lt;p&gt;Para one ends here.&lt;/p&gt;&lt;p&gt;Para two starts here.&lt;/p&gt;Line&lt;br&gt;break&lt;ul&gt;&lt;li&gt;item1&lt;/li&gt;&lt;li&gt;item2&lt;/li&gt;&lt;/ul&gt;&lt;h2&gt;Head&lt;/h2&gt;&lt;table&gt;&lt;tr&gt;&lt;td&gt;a&lt;/td&gt;&lt;td&gt;b&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&lt;b&gt;bo&lt;/b&gt;ld";
    const [article] = await articlesOf(rssFeed("T", [{ title: "t", description: html }]));
    expect(article!.summary).toBe("Para one ends here. Para two starts here. Line break item1 item2 Head a b bold");
  });

  it("takes other platforms' click ids out of the link readers get, and keeps the site's own parameters", async () => {
    const [article] = await articlesOf(rssFeed("T", [{ title: "t", link: "https://example.org/a?id=4&amp;fbclid=IwAR0abc&amp;utm_source=rss&amp;GCLID=x" }]));
    expect(article!.link).toBe("https://example.org/a?id=4&utm_source=rss");
  });

  it("marks entries the digest cannot use instead of dropping them", async () => {
    const articles = await articlesOf(rssFeed("T", [{ title: "" }, { title: "ok" }]));
    expect(articles.map((a) => a.skipped)).toEqual(["no title", undefined]);
  });

  it("gives one story the same id from two feeds when only tracking parameters and fragments differ", async () => {
    const [a] = await articlesOf(rssFeed("A", [{ title: "Story", link: "https://example.org/story?id=7&amp;utm_source=a#top" }]));
    const [b] = await articlesOf(rssFeed("B", [{ title: "Story", link: "https://example.org/story?utm_medium=feed&amp;id=7" }]));
    expect(a!.id).toBe("https://example.org/story?id=7");
    expect(b!.id).toBe(a!.id);
  });

  it("resolves relative links against xml:base before the feed link", async () => {
    const [article] = await articlesOf(
      rssFeed("T", [{ title: "t", link: "story/1", extra: "" }]).replace("<item>", '<item xml:base="https://base.example.org/section/">'),
    );
    expect(article!.link).toBe("https://base.example.org/section/story/1");
  });
});

