// A small newsroom for selection tests: four feeds on one loopback server, stories dated around NOW.
import { readFileSync } from "node:fs";
import { afterEach, beforeEach, expect } from "vitest";
import type { Digest } from "../../src/digest/digest.ts";
import { makeTempDir, rssFeed, runCli, writeConfig, type ItemSpec, type TempDir } from "../helpers/fixtures.ts";
import { serve, startHttpServer, type Route, type TestHttpServer } from "../helpers/httpServer.ts";
import { startSmtpServer, type TestSmtpServer } from "../helpers/smtpServer.ts";

export const NOW = "2026-11-25T12:00:00Z";

/** An RFC 822 date `hours` before NOW. */
export function hoursAgo(hours: number, from = NOW): string {
  return new Date(Date.parse(from) - hours * 3_600_000).toUTCString();
}

/** The bridge story as three feeds tell it, eight hours ago, with different titles and words. */
export const BRIDGE = {
  wire: { title: "Harbour Bridge closes for repairs after cracks found in main span", guid: "wire-bridge", date: hoursAgo(8), description: "Engineers found cracks in the main span of the Harbour Bridge on Monday, and the city closed the bridge to traffic for at least three weeks of repairs." },
  metro: { title: "Cracks shut the Harbour Bridge for three weeks", guid: "metro-bridge", date: hoursAgo(7.5), description: "The Harbour Bridge will be closed to all traffic for three weeks after engineers discovered cracks in its main span, the city said." },
  courier: { title: "City closes Harbour Bridge as engineers find cracks", guid: "courier-bridge", date: hoursAgo(8.5), description: "Repairs to cracks in the main span will keep the Harbour Bridge closed for three weeks, city engineers said on Monday." },
} satisfies Record<string, ItemSpec>;

/** Fresher than the bridge story, with a picture, but carried by one feed only. */
export const BAKERY: ItemSpec = { title: "Corner bakery wins the national sourdough prize", guid: "wire-bakery", date: hoursAgo(1), description: "A family bakery on Elm Street took first place among four hundred entries at the national bread awards.", image: "https://img.example.org/bakery.jpg" };
/** Related to the bridge story (same bridge, same closure) but a different story. */
export const DETOURS: ItemSpec = { title: "Commuters face long detours while the Harbour Bridge is shut", guid: "metro-detours", date: hoursAgo(10), description: "Bus routes across the Harbour Bridge are diverted through the old town, adding up to forty minutes for commuters." };
/** Unrelated to the bridge, and scored higher than DETOURS (newer). */
export const CHESS: ItemSpec = { title: "Teenager wins the regional chess championship", guid: "courier-chess", date: hoursAgo(3), description: "A sixteen-year-old from the north side won all seven rounds of the regional championship." };
export const GARDEN: ItemSpec = { title: "Allotment society opens a seed library", guid: "sports-garden", date: hoursAgo(4), description: "Members can borrow heritage tomato and bean seeds and return seeds from their own harvest in autumn." };

export interface Newsroom {
  http: TestHttpServer;
  /** Replaces what a feed serves from now on. */
  set(feed: FeedName, items: ItemSpec[]): void;
  feeds(weights?: Partial<Record<FeedName, number>>): { url: string; name: string; weight?: number }[];
}

export type FeedName = "Wire" | "Metro" | "Courier" | "Gardens";

export const DAY_ONE: Record<FeedName, ItemSpec[]> = {
  Wire: [BAKERY, BRIDGE.wire],
  Metro: [BRIDGE.metro, DETOURS],
  Courier: [CHESS, BRIDGE.courier],
  Gardens: [GARDEN],
};

export async function startNewsroom(initial: Record<FeedName, ItemSpec[]> = DAY_ONE): Promise<Newsroom> {
  const items = { ...initial };
  const route = (name: FeedName): Route => (request, response) => serve(rssFeed(name, items[name]))(request, response);
  const names = Object.keys(items) as FeedName[];
  const http = await startHttpServer(Object.fromEntries(names.map((n) => [`/${n.toLowerCase()}.rss`, route(n)])));
  return {
    http,
    set: (feed, list) => void (items[feed] = list),
    feeds: (weights = {}) => names.map((n) => ({ url: `${http.url}/${n.toLowerCase()}.rss`, name: n, ...(weights[n] ? { weight: weights[n] } : {}) })),
  };
}

export interface SendingNewsroom {
  room: Newsroom;
  smtp: TestSmtpServer;
  temp: TempDir;
  /** The config file: the newsroom's feeds, the SMTP server, `digest` settings; one subscriber, ada@example.org. */
  config: string;
}

/** For a describe block: a fresh newsroom, SMTP server and store for each test, closed after it. */
export function useSendingNewsroom(digest: Record<string, unknown> = {}): SendingNewsroom {
  const world = {} as SendingNewsroom;
  beforeEach(async () => {
    world.room = await startNewsroom();
    world.smtp = await startSmtpServer();
    world.temp = makeTempDir();
    world.config = writeConfig(world.temp, { feeds: world.room.feeds(), smtp: { url: world.smtp.url }, digest });
    expect((await runCli(["--config", world.config, "subscribers", "add", "ada@example.org"])).code).toBe(0);
  });
  afterEach(async () => {
    await world.smtp.close();
    await world.room.http.close();
    world.temp.remove();
  });
  return world;
}

export interface BuildingNewsroom {
  room: Newsroom;
  temp: TempDir;
  /** Runs `leadline build` at NOW on the newsroom's feeds; the digest and its HTML. */
  build(): Promise<{ digest: Digest; html: string }>;
}

/** For a describe block: a fresh newsroom (serving `initial`) and temp folder for each test, closed after it. */
export function useBuildingNewsroom(initial: Record<FeedName, ItemSpec[]> = DAY_ONE): BuildingNewsroom {
  const world = {} as BuildingNewsroom;
  beforeEach(async () => {
    world.room = await startNewsroom(initial);
    world.temp = makeTempDir();
  });
  afterEach(async () => {
    await world.room.http.close();
    world.temp.remove();
  });
  world.build = async () => {
    const file = writeConfig(world.temp, { feeds: world.room.feeds() });
    const result = await runCli(["--config", file, "--now", NOW, "build", "--out", `${world.temp.dir}/out`]);
    expect(result.code, result.stderr).toBe(0);
    const read = (name: string) => readFileSync(`${world.temp.dir}/out/${name}`, "utf8");
    return { digest: JSON.parse(read("digest.json")) as Digest, html: read("digest.html") };
  };
  return world;
}
