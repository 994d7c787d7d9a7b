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
  registerIssueCommands(program, context);
  registerServerCommands(program, context);
  registerScheduleCommands(program, context);
  registerEditorCommands(program, context);
  registerFeedCommands(program, context);
  registerSubscriberCommands(program, context);
  return program;
}

export type { GlobalOptions };

/** Feeds in, a digest out, an issue sent: fetch, build, send. */
function registerIssueCommands(program: Command, context: CommandContext): void {
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
}
/** The web server alone, the editor preview, and the daemon that serves both. */
function registerServerCommands(program: Command, context: CommandContext): void {
  program
    .command("serve")
    .description("run the web server only: one-click unsubscribe endpoints and /healthz")
    .option("--port <n>", "port to listen on (default: server.port, 8025)")
    .option("--host <host>", "address to bind (default: server.host, 127.0.0.1)")
    .action(async (options) => (await import("./commands/serve.ts")).runServe(context, options));

  program
    .command("preview")
    .description("the editor's web page for the next issue: see, adjust, test-send and approve it (default 127.0.0.1:8026)")
    .option("--port <n>", "port to listen on (default 8026)")
    .option("--host <host>", "address to bind (default 127.0.0.1; any other needs LEADLINE_PREVIEW_TOKEN)")
    .action(async (options) => (await import("./commands/preview.ts")).runPreview(context, options));

  program
    .command("run")
    .description("run the daemon: send at every schedule slot and serve the web endpoints (and /preview with LEADLINE_PREVIEW_TOKEN), until SIGINT/SIGTERM")
    .option("--port <n>", "port to listen on (default: server.port, 8025)")
    .option("--host <host>", "address to bind (default: server.host, 127.0.0.1)")
    .action(async (options) => (await import("./commands/run.ts")).runDaemon(context, options));
}
/** What the schedule did and will do, and the editor's approval of a slot. */
function registerScheduleCommands(program: Command, context: CommandContext): void {
  program
    .command("status")
    .description("show the schedule, the next run, the last runs with their counts and any issue in progress")
    .option("--json", "print it as JSON")
    .action(async (options) => (await import("./commands/status.ts")).runStatus(context, options));

  program
    .command("approve")
    .description("approve the issue of a slot (schedule.requireApproval); default: the current slot if unsent, else the next")
    .option("--slot <iso>", "the slot to approve")
    .action(async (options) => (await import("./commands/approve.ts")).runDecision(context, "approved", options));

  program
    .command("hold")
    .description("hold the issue of a slot so it is not sent (approval required or not; `approve` releases it)")
    .option("--slot <iso>", "the slot to hold")
    .action(async (options) => (await import("./commands/approve.ts")).runDecision(context, "held", options));
}
/** An editor's say over the next issue: pin, drop, restore, note. */
function registerEditorCommands(program: Command, context: CommandContext): void {
  const overrides = () => import("./commands/overrides.ts");
  program
    .command("pin")
    .description("make an article the lead of the next issue (by id or link); cleared once that issue is sent")
    .argument("<article>", "the article's id or link")
    .action(async (article: string) => (await overrides()).runArticleOverride("pin")(context, article));
  program
    .command("drop")
    .description("keep an article's story out of the next issue (by id or link); cleared once that issue is sent")
    .argument("<article>", "the article's id or link")
    .action(async (article: string) => (await overrides()).runArticleOverride("drop")(context, article));
  program
    .command("restore")
    .description("undo a pin or drop: selection decides again")
    .argument("<article>", "the article's id or link")
    .action(async (article: string) => (await overrides()).runRestore(context, article));
  program
    .command("note")
    .description("set the intro note of the next issue (no text: show it)")
    .argument("[text]", "the note")
    .option("--clear", "remove the note")
    .action(async (text: string | undefined, options) => (await overrides()).runNote(context, text, options));
}
/** Feed health and OPML lists. */
function registerFeedCommands(program: Command, context: CommandContext): void {
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
}
/** The subscriber list. */
function registerSubscriberCommands(program: Command, context: CommandContext): void {
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
    .command("status")
    .description("set a subscriber's status: active, unsubscribed, bounced or complained")
    .argument("<email>")
    .argument("<status>")
    .action(async (email: string, status: string) => (await lazy()).runStatus(context, email, status));
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
}
