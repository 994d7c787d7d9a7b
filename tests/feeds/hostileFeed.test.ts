import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Article } from "../../src/feeds/article.ts";
import { fetchFeeds } from "../../src/feeds/fetchFeed.ts";
import { rssFeed } from "../helpers/fixtures.ts";
import { serve, startHttpServer, type TestHttpServer } from "../helpers/httpServer.ts";

const options = { timeoutMs: 2000, maxBytes: 1_000_000, concurrency: 2, totalConcurrency: 8, maxRetryAfterMs: 0 };
const escape = (html: string) => html.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");

const hostileHtml = [
  '<p onclick="steal()" style="background:url(javascript:x)">Hello <script>alert(1)</script><style>p{}</style>',
  '<a href="javascript:alert(1)">js</a> <a href="JaVaScRiPt&#58;alert(1)">js2</a> <a href="data:text/html,x">data</a>',
  '<img src="x" onerror="alert(1)"><img src="data:image/png;base64,AAAA"><img src="javascript:alert(1)">',
  '<iframe src="https://evil.example.org"></iframe><form action="/steal"><input name="p"></form>',
  '<svg onload="alert(1)"><circle/></svg><object data="x.swf"></object>',
  '<a href="/fine" onmouseover="x()">fine</a> <img src="https://img.example.org/ok.jpg" alt="ok"></p>',
].join("");

let http: TestHttpServer;
let articles: Article[];
beforeAll(async () => {
  http = await startHttpServer({
    "/hostile.rss": serve(
      rssFeed("Hostile", [
        {
          title: "Breaking:&#13;&#10;Bcc: victim@example.org &lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;&#8238;&#7;end",
          link: "https://example.org/news/1",
          description: escape(hostileHtml),
          extra: '<media:content url="javascript:alert(1)" medium="image"/><media:description>&lt;img src=x onerror=alert(1)&gt;Caption&#10;two</media:description>',
        },
      ]),
    ),
  });
  const [result] = await fetchFeeds([{ url: `${http.url}/hostile.rss` }], options, new Date("2026-11-26T00:00:00Z"));
  if (!result!.ok) throw new Error(result!.error.message);
  articles = result!.articles;
});
afterAll(() => http.close());

describe("a hostile feed", () => {
  it("keeps only the email allowlist in content: no scripts, styles, frames, forms, handlers or javascript:/data: URLs", () => {
    // The <form> ends the paragraph as an HTML parser would; what is left of it is an empty <p>.
    expect(articles[0]!.contentHtml).toBe(
      '<p>Hello <a>js</a> <a>js2</a> <a>data</a><img src="https://example.org/news/x" /></p>' +
        '<a href="https://example.org/fine">fine</a> <img src="https://img.example.org/ok.jpg" alt="ok" /><p></p>',
    );
  });

  it("makes the title one line of plain text", () => {
    expect(articles[0]!.title).toBe("Breaking: Bcc: victim@example.org bold end");
  });

  it("never takes a javascript: image, and strips markup from its caption", () => {
    expect(articles[0]!.image).toEqual({ url: "https://example.org/news/x" });
  });
});
