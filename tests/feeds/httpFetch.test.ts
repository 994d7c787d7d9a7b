import { gzipSync } from "node:zlib";
import iconv from "iconv-lite";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { FetchOptions } from "../../src/config/schema.ts";
import type { FeedResult } from "../../src/feeds/article.ts";
import { fetchFeed, fetchFeeds } from "../../src/feeds/fetchFeed.ts";
import { feedHealth, feedStateStore } from "../../src/store/feedState.ts";
import { openStore, type Store } from "../../src/store/openStore.ts";
import { makeTempDir, rssFeed, type TempDir } from "../helpers/fixtures.ts";
import { serve, startHttpServer, type Route, type TestHttpServer } from "../helpers/httpServer.ts";

const now = new Date("2026-11-26T00:00:00Z");
const options: FetchOptions = { timeoutMs: 2_000, maxBytes: 1024 * 1024, concurrency: 4, totalConcurrency: 8, maxRetryAfterMs: 5_000 };
const feedXml = rssFeed("Wire", [{ title: "One", guid: "1" }, { title: "Two", guid: "2" }]);

function errorOf(result: FeedResult): string {
  if (result.ok) throw new Error(`expected ${result.source} to fail`);
  return result.error.message;
}

function titlesOf(result: FeedResult): string[] {
  if (!result.ok) throw new Error(`${result.source} failed: ${result.error.message}`);
  return result.articles.map((a) => a.title);
}

let bomb: Buffer;
beforeAll(() => {
  // 64 MB of zeros compress to about 64 KB: small on the wire, far over the cap once inflated.
  bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024));
});

describe("fetching over HTTP", () => {
  let http: TestHttpServer;
  let temp: TempDir;
  let store: Store;
  const seen: { url: string; headers: Record<string, string | string[] | undefined>; status: number; bodyBytes: number }[] = [];

  /** Answers 304 when the client sends back the ETag, and records what went over the wire. */
  const conditional: Route = (request, response) => {
    const body = Buffer.from(feedXml);
    const fresh = request.headers["if-none-match"] === '"v1"';
    seen.push({ url: request.url!, headers: request.headers, status: fresh ? 304 : 200, bodyBytes: fresh ? 0 : body.length });
    if (fresh) {
      response.writeHead(304, { etag: '"v1"' });
      response.end();
      return;
    }
    response.writeHead(200, { "content-type": "application/rss+xml", etag: '"v1"', "last-modified": "Tue, 24 Nov 2026 10:00:00 GMT" });
    response.end(body);
  };

  let busyCalls = 0;
  /** The /counted/N.rss routes hold each request until `release` is called, then answer every one held and every later one. */
  const counted = { received: 0, answering: false };
  const held: (() => void)[] = [];
  const countedRoute: Route = (request, response) => {
    counted.received += 1;
    const answer = () => serve(feedXml)(request, response);
    if (counted.answering) answer();
    else held.push(answer);
  };
  const release = () => {
    counted.answering = true;
    held.splice(0).forEach((answer) => answer());
  };
  beforeEach(async () => {
    held.length = 0;
    Object.assign(counted, { received: 0, answering: false });
    seen.length = 0;
    busyCalls = 0;
    temp = makeTempDir();
    store = openStore(`${temp.dir}/leadline.db`);
    http = await startHttpServer({
      "/feed.rss": conditional,
      "/ok.rss": serve(feedXml),
      ...Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`/counted/${i}.rss`, countedRoute])),
      "/never-ends.rss": (_request, response) => {
        response.writeHead(200, { "content-type": "application/rss+xml" });
        response.write(feedXml.slice(0, 200));
      },
      "/huge.rss": (_request, response) => {
        response.writeHead(200, { "content-type": "application/rss+xml" });
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        const pump = () => {
          while (!response.destroyed && response.write(chunk));
          if (!response.destroyed) response.once("drain", pump);
        };
        pump();
      },
      "/declared-huge.rss": (_request, response) => {
        response.writeHead(200, { "content-type": "application/rss+xml", "content-length": String(50 * 1024 * 1024) });
        response.write("<rss>");
      },
      "/bomb.rss": (_request, response) => {
        response.writeHead(200, { "content-type": "application/rss+xml", "content-encoding": "gzip" });
        response.end(bomb);
      },
      "/gzipped.rss": (_request, response) => {
        response.writeHead(200, { "content-type": "application/rss+xml", "content-encoding": "gzip" });
        response.end(gzipSync(feedXml));
      },
      "/loop-a": redirect("/loop-b"),
      "/loop-b": redirect("/loop-a"),
      ...Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`/hop${i}`, redirect(i === 6 ? "/ok.rss" : `/hop${i + 1}`)])),
      "/busy.rss": (_request, response) => {
        busyCalls++;
        if (busyCalls === 1) {
          response.writeHead(429, { "retry-after": "1" });
          response.end();
        } else serve(feedXml)(_request, response);
      },
      "/down.rss": (_request, response) => {
        response.writeHead(503, { "retry-after": "3600" });
        response.end();
      },
    });
  });
  afterEach(async () => {
    await http.close();
    store.close();
    temp.remove();
  });

  function redirect(to: string): Route {
    return (_request, response) => {
      response.writeHead(302, { location: to });
      response.end();
    };
  }

  it("sends the stored ETag back; a 304 transfers no body and stands for the articles of the last 200", async () => {
    const feedState = feedStateStore(store.db);
    const url = `${http.url}/feed.rss`;
    const first = await fetchFeed({ url }, options, now, { feedState });
    expect(titlesOf(first)).toEqual(["One", "Two"]);
    const second = await fetchFeed({ url }, options, now, { feedState });
    // The same articles again, not none: a build or a run that sent nothing must not make them vanish.
    // History (sent_articles) is what keeps articles that went out from going out twice.
    expect(second).toMatchObject({ ok: true, notModified: true });
    expect(titlesOf(second)).toEqual(["One", "Two"]);
    expect(seen.map((s) => [s.status, s.bodyBytes > 0])).toEqual([[200, true], [304, false]]);
    expect(seen[1]!.headers).toMatchObject({ "if-none-match": '"v1"', "if-modified-since": "Tue, 24 Nov 2026 10:00:00 GMT" });
    expect(seen[0]!.headers["user-agent"]).toMatch(/^Leadline\/\S+ \(\+https:\/\//);
    expect(feedHealth(store.db, url)).toMatchObject({ etag: '"v1"', lastNotModified: true, consecutiveFailures: 0, lastSuccessAt: now.toISOString() });
  });

  it("sends no validators without a store", async () => {
    await fetchFeed({ url: `${http.url}/feed.rss` }, options, now);
    await fetchFeed({ url: `${http.url}/feed.rss` }, options, now);
    expect(seen.map((s) => s.status)).toEqual([200, 200]);
  });

  it("times out a feed whose body never ends, while the others succeed", async () => {
    const results = await fetchFeeds([{ url: `${http.url}/never-ends.rss` }, { url: `${http.url}/ok.rss` }], { ...options, timeoutMs: 300 }, now);
    expect(errorOf(results[0]!)).toBe("timed out after 300 ms reading the body");
    expect(titlesOf(results[1]!)).toEqual(["One", "Two"]);
  });

  it("stops reading a body at the size cap, declared or not", async () => {
    const [streamed, declared] = await fetchFeeds([{ url: `${http.url}/huge.rss` }, { url: `${http.url}/declared-huge.rss` }], options, now);
    expect(errorOf(streamed!)).toBe("feed is larger than the 1048576-byte limit (fetch.maxBytes)");
    expect(errorOf(declared!)).toBe("feed is larger than the 1048576-byte limit (fetch.maxBytes)");
  });

  it("stops a gzip bomb at the cap on decompressed bytes, and reads honest gzip", async () => {
    const [exploded, gzipped] = await fetchFeeds([{ url: `${http.url}/bomb.rss` }, { url: `${http.url}/gzipped.rss` }], options, now);
    expect(bomb.length).toBeLessThan(options.maxBytes);
    expect(errorOf(exploded!)).toBe("feed is larger than the 1048576-byte limit after decompression (fetch.maxBytes)");
    expect(titlesOf(gzipped!)).toEqual(["One", "Two"]);
  });

  it("fails a redirect loop and a chain of more than 5 redirects, and follows 5", async () => {
    const [loop, tooMany, five] = await fetchFeeds(
      [{ url: `${http.url}/loop-a` }, { url: `${http.url}/hop0` }, { url: `${http.url}/hop2` }],
      options,
      now,
    );
    expect(errorOf(loop!)).toBe(`redirect loop: ${http.url}/loop-a → ${http.url}/loop-b → ${http.url}/loop-a`);
    expect(errorOf(tooMany!)).toBe(`more than 5 redirects (last: ${http.url}/hop6)`);
    expect(titlesOf(five!)).toEqual(["One", "Two"]);
  });

  it("fetches at most fetch.totalConcurrency feeds at once, whatever fetch.concurrency allows per host", async () => {
    const feeds = Array.from({ length: 8 }, (_, i) => ({ url: `${http.url}/counted/${i}.rss` }));
    const fetching = fetchFeeds(feeds, { ...options, concurrency: 8, totalConcurrency: 2 }, now);
    // Two requests arrive and are held; then many turns of the event loop with none answered, in
    // which the other six (all on one host that allows 8) would arrive if the total did not stop them.
    while (counted.received < 2) await new Promise((resolve) => setImmediate(resolve));
    for (let turn = 0; turn < 200; turn++) await new Promise((resolve) => setImmediate(resolve));
    expect(counted.received).toBe(2);
    release();
    expect((await fetching).every((r) => r.ok)).toBe(true);
    expect(counted.received).toBe(8);
  });

  it("waits out a 429 Retry-After once, and gives up at once on a wait over the limit", async () => {
    const [busy, down] = await fetchFeeds([{ url: `${http.url}/busy.rss` }, { url: `${http.url}/down.rss` }], options, now);
    expect(titlesOf(busy!)).toEqual(["One", "Two"]);
    expect(busyCalls).toBe(2);
    expect(errorOf(down!)).toBe("HTTP 503 Service Unavailable (Retry-After: 3600): asked to wait 3600 s, more than fetch.maxRetryAfterMs (5000 ms)");
  });

  it("keeps each feed's health: last success, last error and consecutive failures", async () => {
    const feedState = feedStateStore(store.db);
    const url = `${http.url}/down.rss`;
    await fetchFeed({ url }, options, now, { feedState });
    await fetchFeed({ url }, options, new Date("2026-11-27T00:00:00Z"), { feedState });
    expect(feedHealth(store.db, url)).toMatchObject({
      lastSuccessAt: null,
      lastError: expect.stringContaining("HTTP 503"),
      lastErrorAt: "2026-11-27T00:00:00.000Z",
      consecutiveFailures: 2,
    });
    await fetchFeed({ url: `${http.url}/ok.rss` }, options, now, { feedState });
    expect(feedHealth(store.db, `${http.url}/ok.rss`)).toMatchObject({ consecutiveFailures: 0, lastError: null, title: "Wire" });
  });
});

describe("character sets", () => {
  let http: TestHttpServer;
  const text = "“Café” costs 5 € — naïve";
  const xml = (encoding: string) => `<?xml version="1.0" encoding="${encoding}"?>${rssFeed("Charset", [{ title: text, guid: "1" }]).replace(/^<\?xml[^>]*\?>/, "")}`;
  beforeEach(async () => {
    http = await startHttpServer({
      "/cp1252-header.rss": serve(iconv.encode(xml("windows-1252"), "windows-1252"), "application/rss+xml; charset=windows-1252"),
      "/cp1252-declared.rss": serve(iconv.encode(xml("windows-1252"), "windows-1252"), "application/rss+xml"),
      "/latin1-label.rss": serve(iconv.encode(xml("ISO-8859-1"), "windows-1252"), "text/xml; charset=ISO-8859-1"),
      "/utf8-as-latin1.rss": serve(Buffer.from(xml("ISO-8859-1")), "text/xml"),
      "/utf16.rss": serve(Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(xml("UTF-16"), "utf-16le")]), "application/xml"),
      "/latin1-as-utf8.rss": serve(iconv.encode(xml("UTF-8"), "windows-1252"), "application/rss+xml; charset=utf-8"),
      "/undeclared-latin1.rss": serve(iconv.encode(xml("x").replace(' encoding="x"', ""), "windows-1252"), "application/rss+xml"),
      // A server's default charset over a document that names its own (Apache's AddDefaultCharset).
      "/latin1-under-utf8-header.rss": serve(iconv.encode(xml("ISO-8859-1"), "windows-1252"), "text/xml; charset=UTF-8"),
    });
  });
  afterEach(() => http.close());

  it.each(["cp1252-header", "cp1252-declared", "latin1-label", "utf8-as-latin1", "utf16", "undeclared-latin1", "latin1-under-utf8-header"])("reads %s without mojibake", async (route) => {
    const result = await fetchFeed({ url: `${http.url}/${route}.rss` }, options, now);
    expect(titlesOf(result)).toEqual([text]);
  });

  it("refuses a feed that says UTF-8 but is not, naming the byte", async () => {
    const result = await fetchFeed({ url: `${http.url}/latin1-as-utf8.rss` }, options, now);
    expect(errorOf(result)).toMatch(/^declared as utf-8 by the server \(Content-Type\) but is not valid UTF-8 \(byte 0x93 at offset \d+\); the feed's charset declaration is wrong$/);
  });
});

describe("XML safety", () => {
  let http: TestHttpServer;
  beforeEach(async () => {
    const laughs = Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`).join("\n");
    const billionLaughs = `<?xml version="1.0"?>
<!DOCTYPE rss [
  <!ENTITY lol0 "lol">
  ${laughs}
  <!ENTITY xxe SYSTEM "PLACEHOLDER/secret">
]>
<rss version="2.0"><channel><title>&lol9;</title><link>https://example.org/</link>
<item><title>Laugh &lol9; and &xxe;</title><link>https://example.org/1</link><description>&lol9;&xxe;</description></item></channel></rss>`;
    http = await startHttpServer({
      "/lol.rss": (request, response) => serve(billionLaughs.replace("PLACEHOLDER", `http://${request.headers.host}`))(request, response),
      "/secret": serve("TOP SECRET", "text/plain"),
    });
  });
  afterEach(() => http.close());

  it("expands neither internal nor external entities (billion laughs, XXE)", async () => {
    const result = await fetchFeed({ url: `${http.url}/lol.rss` }, options, now);
    if (!result.ok) throw new Error(result.error.message);
    const article = result.articles[0]!;
    expect(article.title).toBe("Laugh &lol9; and &xxe;");
    expect(article.summary).toBe("&lol9;&xxe;");
    expect(http.requests).toEqual(["/lol.rss"]);
  });
});
