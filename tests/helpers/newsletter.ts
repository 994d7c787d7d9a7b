// A ready newsletter for send tests: a feed file, N subscribers in a fresh store, a config pointing at SMTP.
import { openStore } from "../../src/store/openStore.ts";
import { addSubscriber } from "../../src/store/subscribers.ts";
import { makeTempDir, rssFeed, writeConfig, type TempDir } from "./fixtures.ts";

export interface TestNewsletter {
  temp: TempDir;
  config: string;
  store: string;
  addresses: string[];
}

export function setupNewsletter(options: { subscribers: number; smtpUrl: string; config?: Record<string, unknown> }): TestNewsletter {
  const temp = makeTempDir();
  temp.file(
    "news.rss",
    rssFeed("News", [
      { title: "Lead story", guid: "n1", date: "Wed, 25 Nov 2026 10:00:00 GMT", description: "Lead summary.", image: "https://img.example.org/l.jpg" },
      { title: "Second story", guid: "n2", date: "Wed, 25 Nov 2026 09:00:00 GMT", description: "Second summary." },
    ]),
  );
  const config = writeConfig(temp, {
    feeds: [{ url: "news.rss", name: "News" }],
    smtp: { url: options.smtpUrl, retryDelayMs: 5 },
    ...options.config,
  });
  const storeFile = `${temp.dir}/leadline.db`;
  const store = openStore(storeFile);
  const addresses = Array.from({ length: options.subscribers }, (_, i) => `reader${String(i).padStart(5, "0")}@example.org`);
  const now = new Date("2026-11-25T12:00:00Z");
  store.db.transaction(() => addresses.forEach((email, i) => addSubscriber(store.db, { email, name: `Reader ${i}` }, now)))();
  store.close();
  return { temp, config, store: storeFile, addresses };
}
