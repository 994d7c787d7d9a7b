// Chaos group 3: XSS/injection vectors through a real send, and resource attacks each refused in time with bounded memory.
import { createGzip } from "node:zlib";
import type { ServerResponse } from "node:http";
import { fetchFeed } from "../../src/feeds/fetchFeed.ts";
import { rssFeed, runCli } from "../helpers/fixtures.ts";
import { serve, startHttpServer, type Route } from "../helpers/httpServer.ts";
import { setupNewsletter } from "../helpers/newsletter.ts";
import { startSmtpServer } from "../helpers/smtpServer.ts";
import { chaosRow, type ChaosRow } from "./chaosRow.ts";
import { findHeaderSurvivors, findHtmlSurvivors, findTextSurvivors } from "./findSurvivors.ts";
import { hostileFeed, VECTOR_COUNT } from "./hostileCorpus.ts";

const NOW = "2026-11-25T12:30:00Z";
const FETCH = { timeoutMs: 3000, maxBytes: 10 * 1024 * 1024, concurrency: 8, totalConcurrency: 128, maxRetryAfterMs: 0 };
/** A refused feed may take its time limit plus this much (scheduling on a busy machine). */
const SLACK_MS = 1500;
/** Memory a refused feed may cost, over what the process held before. */
const MAX_GROWTH_MB = 150;
const HEADERS = new Set(["from", "to", "reply-to", "subject", "date", "message-id", "mime-version", "content-type", "list-id", "list-unsubscribe", "list-unsubscribe-post", "feedback-id", "precedence", "auto-submitted", "x-auto-response-suppress", "content-transfer-encoding", "dkim-signature"]);

const billionLaughs = (host: string) => `<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;"><!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;"><!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;"><!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
<!ENTITY xxe SYSTEM "${host}/secret"><!ENTITY file SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>Laughs</title><link>https://example.org/</link><description>x</description>
<item><title>Laugh &lol9; and &xxe; &file;</title><link>https://example.org/lol</link><description>&lol9;&xxe;&file;</description></item></channel></rss>`;

/** A route that streams `total` bytes of a feed-looking body (never held in memory at once). */
function streamed(total: number, gzip: boolean): Route {
  return (_request, response) => {
    response.writeHead(200, { "content-type": "application/rss+xml", ...(gzip ? { "content-encoding": "gzip" } : {}) });
    const sink = gzip ? createGzip({ level: 9 }) : undefined;
    sink?.pipe(response);
    const out = (sink ?? response) as NodeJS.WritableStream;
    const chunk = Buffer.alloc(64 * 1024, gzip ? 0x20 : "<item><title>filler</title></item>\n");
    let sent = 0;
    const pump = () => {
      while (sent < total && !response.destroyed) {
        sent += chunk.length;
        if (!out.write(chunk)) return void (sink ?? response).once("drain", pump);
      }
      out.end();
    };
    out.write('<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title>');
    pump();
  };
}

function endless(): Route {
  return (_request, response: ServerResponse) => {
    response.writeHead(200, { "content-type": "application/rss+xml" });
    response.write('<?xml version="1.0"?><rss version="2.0"><channel><title>Endless</title>');
    const timer = setInterval(() => response.write("<item><title>more</title></item>"), 50);
    response.on("close", () => clearInterval(timer));
  };
}

const RESOURCE_ATTACKS: Record<string, () => Route> = {
  "billion laughs + XXE": () => (request, response) => serve(billionLaughs(`http://${request.headers.host}`))(request, response),
  "50 MB feed": () => streamed(50 * 1024 * 1024, false),
  "gzip bomb (1 GB inflated)": () => streamed(1024 * 1024 * 1024, true),
  "never-ending response": () => endless(),
  "not XML (HTML page)": () => serve("<!doctype html><html><body><h1>Welcome</h1></body></html>", "text/html"),
  "not XML (binary)": () => serve(Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)), "application/octet-stream"),
  "not a feed (JSON)": () => serve('{"hello": "world"}', "application/json"),
};

export async function runHostileFeeds(): Promise<ChaosRow[]> {
  const routes: Record<string, Route> = { "/hostile.rss": serve(hostileFeed()), "/secret": serve("TOP SECRET", "text/plain") };
  const names = Object.keys(RESOURCE_ATTACKS);
  names.forEach((name, i) => (routes[`/attack${i}`] = RESOURCE_ATTACKS[name]!()));
  const server = await startHttpServer(routes);
  try {
    const attacks = await tryResourceAttacks(server.url, names, server.requests);
    return [await tryVectors(server.url, names.length), attacks];
  } finally {
    await server.close();
  }
}

/** Every vector through a real send (feeds → digest → render → SMTP); the message read back with mailparser. */
async function tryVectors(base: string, attacks: number): Promise<ChaosRow> {
  const smtp = await startSmtpServer();
  const newsletter = setupNewsletter({ subscribers: 1, smtpUrl: smtp.url, config: { smtp: { url: smtp.url } } });
  newsletter.temp.file("good.rss", rssFeed("Good", [{ title: "Harbour bridge reopens", guid: "g1", date: "Wed, 25 Nov 2026 11:00:00 GMT", description: "Fine." }]));
  newsletter.temp.file("leadline.config.yaml", (await import("yaml")).stringify({
    newsletter: { name: "Test Brief", from: "Test Brief <news@example.org>", siteUrl: "https://news.example.org" },
    store: "leadline.db",
    schedule: { cron: "0 12 * * *", timezone: "UTC" },
    // The resource attacks ride along: the good and hostile feeds must still make the digest.
    feeds: [{ url: "good.rss", name: "Good" }, { url: `${base}/hostile.rss`, name: "Hostile" }, ...Array.from({ length: attacks }, (_, i) => ({ url: `${base}/attack${i}` }))],
    fetch: { timeoutMs: FETCH.timeoutMs },
    digest: { headlines: 50, duplicateThreshold: 0.99 },
    budget: { enforce: false },
    smtp: { url: smtp.url },
  }));
  try {
    const result = await runCli(["--config", newsletter.config, "--now", NOW, "send"]);
    const problems: string[] = [];
    const message = smtp.messages[0];
    if (result.code !== 0 || !message) problems.push(`send failed (${result.code}): ${result.stdout} ${result.stderr}`.slice(0, 400));
    else {
      problems.push(...findHtmlSurvivors(String(message.parsed.html)).map((s) => `html: ${s}`));
      problems.push(...findTextSurvivors(message.parsed.text ?? "", "text"));
      problems.push(...findTextSurvivors(message.parsed.subject ?? "", "subject"));
      problems.push(...findHeaderSurvivors(message.raw.toString("latin1"), HEADERS));
    }
    const html = String(message?.parsed.html ?? "");
    if (message && !html.includes("Harbour bridge reopens")) problems.push("the good feed's story is missing from the digest");
    const carried = new Set(html.match(/vector \d+ story/g) ?? []).size;
    const markers = new Set(problems.map((p) => /XSS\d+|unmarked|missing|send failed/.exec(p)?.[0] ?? p));
    const counts = { tried: VECTOR_COUNT, survived: VECTOR_COUNT - Math.min(VECTOR_COUNT, markers.size) };
    const notes = `${problems.length} survivors in HTML, text, subject and headers; ${carried} vector stories in the digest, next to the good feed's and ${attacks} failing feeds`;
    return chaosRow("3 hostile feeds", "XSS and injection vectors in titles, content, links, images", counts, problems, notes);
  } finally {
    await smtp.close();
    newsletter.temp.remove();
  }
}

/** Each attack fetched alone: refused (or defused) with a reason, inside the time limit, with bounded memory. */
async function tryResourceAttacks(base: string, names: string[], requests: string[]): Promise<ChaosRow> {
  const problems: string[] = [];
  const notes: string[] = [];
  for (const [i, name] of names.entries()) {
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const started = Date.now();
    const result = await fetchFeed({ url: `${base}/attack${i}`, name }, FETCH, new Date(NOW));
    const elapsed = Date.now() - started;
    clearInterval(sampler);
    const growthMb = (Math.max(peak, process.memoryUsage().rss) - before) / 2 ** 20;
    const text = JSON.stringify(result);
    const expanded = /lollollol|TOP SECRET|root:.*:0:0:/.test(text) || requests.includes("/secret");
    if (result.ok && (expanded || !name.startsWith("billion"))) problems.push(`${name}: accepted${expanded ? " with entities expanded" : ""}`);
    if (!result.ok && !/\w{3,}/.test(result.error.message)) problems.push(`${name}: refused without a reason`);
    if (elapsed > FETCH.timeoutMs + SLACK_MS) problems.push(`${name}: took ${elapsed} ms`);
    if (growthMb > MAX_GROWTH_MB) problems.push(`${name}: memory grew ${growthMb.toFixed(0)} MB`);
    notes.push(`${name}: ${result.ok ? "parsed, entities not expanded" : `"${result.error.message.slice(0, 70)}"`} in ${elapsed} ms, +${Math.max(0, growthMb).toFixed(0)} MB`);
  }
  const failed = new Set(problems.map((p) => p.split(":")[0]));
  return chaosRow("3 hostile feeds", "resource attacks and non-feeds", { tried: names.length, survived: names.length - failed.size }, problems, notes.join("; "));
}
