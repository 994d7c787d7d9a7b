// The CLI's surface: every command, argument and flag. Implementations load on use, so --help stays quick.
import { Command } from "commander";
import type { CommandContext, GlobalOptions } from "./context.ts";

export const DEFAULT_CONFIG_FILE = "leadline.config.yaml";

export function buildProgram(makeContext: (program: Command) => CommandContext): Command {
  const program = new Command("leadline")
    .description("Build an email digest from RSS/Atom feeds and send it over SMTP.")
    .option("-c, --config <path>", "config file", DEFAULT_CONFIG_FILE)
    .option("--now <iso>", "pretend the time is this (ISO-8601), to reproduce a run; also LEADLINE_NOW")
    .option("--debug", "print stack traces")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride();
  const context = makeContext(program);

  program
    .command("fetch")
    .description("fetch and parse feeds (URLs or files) and print their articles")
    .argument("<source...>", "feed URLs or file paths")
    .option("--json", "one JSON object per source, on its own line")
    .action(async (sources: string[], options) => (await import("./commands/fetch.ts")).runFetch(context, sources, options));

  program
    .command("build")
    .description("build the next digest without sending it; write digest.html, digest.txt and digest.json")
    .option("--out <dir>", "folder to write the files to", "build")
    .option("--json", "also print digest.json to standard output")
    .action(async (options) => (await import("./commands/build.ts")).runBuild(context, options));

  program
    .command("send")
    .description("build the issue of the current schedule slot and send it to every active subscriber")
    .option("--dry-run", "build the issue and say who would get it; send and store nothing")
    .option("--to <address>", "send a test of the next issue to this address only (no journal, no history)")
    .option("--slot <iso>", "the schedule slot to send (default: the latest slot of schedule.cron at or before now)")
    .action(async (options) => (await import("./commands/send.ts")).runSend(context, options));

  const feeds = program.command("feeds").description("feed health, and feed lists to and from OPML");
  const lazyFeeds = () => import("./commands/feeds.ts");
  feeds
    .command("status")
    .description("each configured feed's last success, last error and failures in a row (exit 1 if any is failing)")
    .option("--json", "one JSON object per feed, on its own line")
    .action(async (options) => (await lazyFeeds()).runStatus(context, options));
  feeds
    .command("import")
    .description("print the feeds of an OPML file as a feeds: block for the config")
    .argument("<file>")
    .action(async (file: string) => (await lazyFeeds()).runImport(context, file));
  feeds
    .command("export")
    .description("write the configured feeds (OPML lists expanded) as OPML (to standard output, or --out FILE)")
    .option("--out <file>", "write to this file")
    .action(async (options) => (await lazyFeeds()).runExport(context, options));

  const subscribers = program.command("subscribers").description("add, remove, list, import and export subscribers");
  const lazy = () => import("./commands/subscribers.ts");
  subscribers
    .command("add")
    .description("add one subscriber")
    .argument("<email>")
    .option("--name <name>", "the subscriber's name", "")
    .option("--field <key=value...>", "extra fields for templates (repeatable)")
    .action(async (email: string, options) => (await lazy()).runAdd(context, email, options));
  subscribers
    .command("remove")
    .description("remove a subscriber and their delivery records")
    .argument("<email>")
    .action(async (email: string) => (await lazy()).runRemove(context, email));
  subscribers
    .command("list")
    .description("list subscribers (email, status, name)")
    .option("--status <status>", "only this status (active, unsubscribed, bounced, complained)")
    .option("--json", "one JSON object per subscriber, on its own line")
    .action(async (options) => (await lazy()).runList(context, options));
  subscribers
    .command("import")
    .description("import subscribers from a CSV file with an email column (name, status and other columns are kept)")
    .argument("<file>")
    .action(async (file: string) => (await lazy()).runImport(context, file));
  subscribers
    .command("export")
    .description("write every subscriber as CSV (to standard output, or --out FILE)")
    .option("--out <file>", "write to this file")
    .action(async (options) => (await lazy()).runExport(context, options));

  return program;
}

export type { GlobalOptions };
