// What every command needs: the config, the store, the clock and the output, set up at the CLI boundary.
import { loadConfig, type Config, type LoadOptions } from "../config/load.ts";
import { LeadlineError } from "../errors.ts";
import type { Logger } from "../logger.ts";
import { createHmac } from "node:crypto";
import { linksSecretFingerprint, rememberLinksSecret, storedSecret } from "../store/meta.ts";
import { openStore, type Store } from "../store/openStore.ts";

export interface Output {
  out(line: string): void;
  err(line: string): void;
  /** True when standard error is a terminal: progress is drawn as a bar instead of log lines. */
  isTerminal?: boolean;
  /** Makes the structured logger for this output; plain `warning:` lines on `err` when absent. */
  createLogger?: () => Logger;
}

export interface GlobalOptions {
  config: string;
  debug?: boolean;
  now?: string;
}

/** Handed to every command: output, environment, global flags and a way to set the exit code. */
export interface CommandContext {
  output: Output;
  env: NodeJS.ProcessEnv;
  globals(): GlobalOptions;
  fail(exitCode: number): void;
}

/** For a command that sends nothing: a `dkim` section's key is checked when given, not required. */
export const SENDS_NOTHING: LoadOptions = { requireSigningKey: false };

/** The config; SENDS_NOTHING for a command that sends nothing (see LoadOptions). */
export function loadContextConfig(context: CommandContext, options: LoadOptions = {}): Config {
  const { LEADLINE_SMTP_URL, LEADLINE_DKIM_PRIVATE_KEY } = context.env;
  return loadConfig(context.globals().config, { LEADLINE_SMTP_URL, LEADLINE_DKIM_PRIVATE_KEY }, options);
}

/** The instant --now or LEADLINE_NOW fixes the clock at, and which of them did; undefined for the real clock. */
export function fixedNow(context: CommandContext): { value: string; from: "--now" | "LEADLINE_NOW" } | undefined {
  const flag = context.globals().now;
  if (flag !== undefined) return { value: flag, from: "--now" };
  const env = context.env.LEADLINE_NOW;
  return env === undefined || env === "" ? undefined : { value: env, from: "LEADLINE_NOW" };
}

/**
 * A fixed clock when --now (or LEADLINE_NOW) is given, so runs can be reproduced; else the real one.
 * LEADLINE_NOW is announced: left in a cron line or an EnvironmentFile, it would silently date every
 * run at the same instant (the same slot, "already sent" for good).
 */
export function makeClock(context: CommandContext): () => Date {
  const fixed = fixedNow(context);
  if (fixed === undefined) return () => new Date();
  const date = new Date(fixed.value);
  if (Number.isNaN(date.getTime())) throw new LeadlineError("EINPUT", `${fixed.from}: expected an ISO-8601 date, got "${fixed.value}"`);
  if (fixed.from === "LEADLINE_NOW") {
    consoleLogger(context.output).warn(`LEADLINE_NOW is set: the clock is fixed at ${date.toISOString()}, as with --now; unset it for a real run`, { now: date.toISOString() });
  }
  return () => new Date(date);
}

/**
 * The secret that signs and checks unsubscribe links: LEADLINE_SECRET, or one the store made for
 * itself. A different secret than the one earlier issues were signed with turns every link already
 * sent into a 404, silently — a rotated variable, or `serve` started without the environment `send`
 * has — so that is warned about. `signs`: this command sends real links, and they now carry this secret.
 */
export function secretFor(store: Store, env: NodeJS.ProcessEnv, check: { log: Logger; signs: boolean }): string {
  const given = env.LEADLINE_SECRET;
  if (given && given.length < 16) {
    throw new LeadlineError("ECONFIG", `LEADLINE_SECRET: expected at least 16 characters (it signs every unsubscribe link), got ${given.length}`);
  }
  const secret = given || storedSecret(store.db);
  const fingerprint = createHmac("sha256", secret).update("leadline links secret").digest("base64url").slice(0, 16);
  const before = linksSecretFingerprint(store.db);
  if (before !== undefined && before !== fingerprint) {
    check.log.warn(
      `the unsubscribe secret (${given ? "LEADLINE_SECRET" : "the store's own, LEADLINE_SECRET is not set"}) is not the one the last issue's links were signed with: ` +
        "those links now answer 404. Run send, serve and run with the same LEADLINE_SECRET.",
    );
  }
  if (check.signs && before !== fingerprint) rememberLinksSecret(store.db, fingerprint);
  return secret;
}

/** Opens the configured store for the duration of `work` and always closes it. */
export async function withStore<T>(config: Config, work: (store: Store) => Promise<T> | T): Promise<T> {
  const store = openStore(config.store, `${config.file}: store`);
  try {
    return await work(store);
  } finally {
    store.close();
  }
}

export function consoleLogger(output: Output): Logger {
  if (output.createLogger) return output.createLogger();
  return { info: (m) => output.err(m), warn: (m) => output.err(`warning: ${m}`) };
}
