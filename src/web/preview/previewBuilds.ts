// The preview's builds of the next issue: each page view builds afresh; the frames show the build their page named.
import type { Config } from "../../config/load.ts";
import { LeadlineError } from "../../errors.ts";
import { exampleMessage, type ExampleMessage } from "../../issue/exampleMessage.ts";
import { buildAndRender, type BuiltIssue } from "../../issue/prepareIssue.ts";
import type { Logger } from "../../logger.ts";
import type { MjmlCompiler } from "../../render/mjml.ts";
import { pendingSlot } from "../../schedule/pendingSlot.ts";
import type { Db } from "../../store/openStore.ts";

export interface PreviewBuild {
  version: number;
  /** The config as read for this build; absent when the file could not be read. */
  config?: Config;
  /** The slot the next send (and an approval) is for. */
  slot?: string;
  built?: BuiltIssue;
  message?: ExampleMessage;
  /** Why there is no issue: too few new stories, a config or template mistake, every feed failing. */
  problem?: string;
  /** Feeds that failed this time: their stories are missing from what the page shows. */
  failedFeeds?: { name: string; source: string; error: string }[];
}

export interface PreviewBuilds {
  build(): Promise<PreviewBuild>;
  find(version: number): PreviewBuild | undefined;
  latest(): PreviewBuild | undefined;
}

interface BuildDeps {
  db: Db;
  clock: () => Date;
  log: Logger;
  loadConfig: () => Config;
  mjml: MjmlCompiler;
}

/** A few recent builds are kept, so a page's frames find its build even if another tab built since. */
const KEPT = 8;

export function previewBuilds(deps: BuildDeps): PreviewBuilds {
  const builds = new Map<number, PreviewBuild>();
  let version = 0;
  return {
    async build() {
      const build = await buildOnce(deps, ++version);
      builds.set(build.version, build);
      for (const old of builds.keys()) if (builds.size > KEPT) builds.delete(old);
      return build;
    },
    find: (v) => builds.get(v),
    latest: () => [...builds.values()].at(-1),
  };
}

async function buildOnce(deps: BuildDeps, version: number): Promise<PreviewBuild> {
  const now = deps.clock();
  let config: Config | undefined;
  let slot: string | undefined;
  try {
    config = deps.loadConfig();
    slot = pendingSlot(config, deps.db, now);
    // Afresh, even once approved: the editor sees the feeds as they are now (the page says when that differs from the approved version).
    const built = await buildAndRender(config, deps.db, now, deps.log, { slot, mjml: deps.mjml, useApproved: false });
    const failedFeeds = (built.feeds ?? []).flatMap((feed) => (feed.ok ? [] : [{ name: feed.name, source: feed.source, error: feed.error.message }]));
    if ("nothingToSend" in built) return { version, config, slot, problem: built.nothingToSend, failedFeeds };
    return { version, config, slot, built, message: exampleMessage(config, built.rendered), failedFeeds };
  } catch (error) {
    // An editor's mistake in the config or a template is shown on the page, to be fixed while it is open;
    // the slot stays known, so a hold still has something to hold.
    if (error instanceof LeadlineError) return { version, ...(config ? { config } : {}), ...(slot ? { slot } : {}), problem: error.message };
    throw error;
  }
}
