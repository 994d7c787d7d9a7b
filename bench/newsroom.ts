// A benchmark newsroom in a temp folder: a feed with a lead and 12 headlines, a DKIM key, a config, N subscribers.
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { stringify } from "yaml";
import { openStore } from "../src/store/openStore.ts";

export interface Newsroom {
  dir: string;
  config: string;
  store: string;
  /** The RSA public key (base64 DER) a DNS TXT record would publish, for DKIM checks. */
  dkimPublicKey: string;
  /** The instant the runs pretend it is: inside the 12:00 UTC slot. */
  now: Date;
  remove(): void;
}

export const BENCH_NOW = new Date("2026-11-25T12:30:00Z");
const WORDS = "council budget river bridge school museum harbour election storm festival transit library market".split(" ");

/** A paragraph of plausible words, so the HTML compresses and wraps like real copy. */
function copy(seed: number, words: number): string {
  return Array.from({ length: words }, (_, i) => WORDS[(seed * 7 + i * 3) % WORDS.length]).join(" ");
}

export function newsFeed(title: string, stories: number, host = "example.org"): string {
  const items = Array.from({ length: stories }, (_, i) => {
    const date = new Date(BENCH_NOW.getTime() - (i + 1) * 600_000).toUTCString();
    const image = i === 0 ? `<enclosure url="https://img.${host}/lead.jpg" type="image/jpeg" length="1000"/>` : "";
    return `<item><title>${title} story ${i + 1}: ${copy(i, 6)}</title><link>https://${host}/${i + 1}</link>
<guid isPermaLink="false">${host}-${title}-${i + 1}</guid><pubDate>${date}</pubDate>
<description>${copy(i + 1, 30)}.</description>${image}</item>`;
  }).join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>${title}</title><link>https://${host}/</link><description>${title} news</description>
${items}
</channel></rss>`;
}

/** `dkim: false` leaves signing out, for the reference send that shows what the signatures cost. */
export function createNewsroom(subscribers: number, smtpUrl: string, { dkim = true } = {}): Newsroom {
  const dir = mkdtempSync(path.join(tmpdir(), "leadline-bench-"));
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  writeFileSync(path.join(dir, "dkim.pem"), privateKey.export({ type: "pkcs8", format: "pem" }));
  writeFileSync(path.join(dir, "news.rss"), newsFeed("Metro", 13));
  const config = path.join(dir, "leadline.config.yaml");
  writeFileSync(
    config,
    stringify({
      newsletter: { name: "Bench Brief", from: "Bench Brief <news@example.org>", siteUrl: "https://news.example.org" },
      feeds: [{ url: "news.rss", name: "Metro" }],
      digest: { headlines: 12, teaserLength: 120, leadTeaserLength: 300 },
      schedule: { cron: "0 12 * * *", timezone: "UTC" },
      store: "leadline.db",
      smtp: { url: smtpUrl, maxConnections: 4, retries: 3, retryDelayMs: 50 },
      ...(dkim ? { dkim: { domain: "example.org", selector: "bench", privateKeyFile: "dkim.pem" } } : {}),
      server: { publicUrl: "https://news.example.org/leadline" },
    }),
  );
  const store = path.join(dir, "leadline.db");
  addSubscribers(store, subscribers);
  const dkimPublicKey = publicKey.export({ type: "spki", format: "der" }).toString("base64");
  return { dir, config, store, dkimPublicKey, now: BENCH_NOW, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Bulk insert (one transaction): the import path is not what is measured. */
function addSubscribers(file: string, count: number): void {
  const store = openStore(file);
  const insert = store.db.prepare(
    "INSERT INTO subscribers (email, email_key, name, fields, status, created_at, updated_at) VALUES (?, ?, ?, ?, 'active', ?, ?)",
  );
  const at = BENCH_NOW.toISOString();
  store.db.transaction(() => {
    for (let i = 0; i < count; i++) insert.run(`reader${i}@example.net`, `reader${i}@example.net`, `Reader ${i}`, JSON.stringify({ city: `City ${i % 50}` }), at, at);
  })();
  store.close();
}
