// The render settings of one issue, taken from the config: theme, links, budget, templates and its web-archive URL.
import type { Config } from "../config/load.ts";
import type { Logger } from "../logger.ts";
import type { RenderOptions } from "./renderIssue.ts";
import { archiveUrlFor } from "./webArchive.ts";

export function renderOptions(config: Config, slot: string, log: Logger): RenderOptions {
  return {
    newsletter: config.newsletter,
    theme: config.theme,
    links: config.links,
    budget: config.budget,
    templateDir: config.template,
    archiveUrl: archiveUrlFor(config.newsletter.archiveUrl, slot),
    issueTime: { instant: slot, timeZone: config.schedule.timezone },
    log,
    configFile: config.file,
  };
}
