// What every command needs: the config, the store, the clock and the output, set up at the CLI boundary.
import { loadConfig, type Config } from "../config/load.ts";
import { LeadlineError } from "../errors.ts";
import type { Logger } from "../logger.ts";
import { storedSecret } from "../store/meta.ts";
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

export function loadContextConfig(context: CommandContext): Config {
  const { LEADLINE_SMTP_URL, LEADLINE_DKIM_PRIVATE_KEY } = context.env;
  return loadConfig(context.globals().config, { LEADLINE_SMTP_URL, LEADLINE_DKIM_PRIVATE_KEY });
}

/** A fixed clock when --now (or LEADLINE_NOW) is given, so runs can be reproduced; else the real one. */
export function makeClock(context: CommandContext): () => Date {
  const fixed = context.globals().now ?? context.env.LEADLINE_NOW;
  if (fixed === undefined || fixed === "") return () => new Date();
  const date = new Date(fixed);
  if (Number.isNaN(date.getTime())) throw new LeadlineError("EINPUT", `--now: expected an ISO-8601 date, got "${fixed}"`);
  return () => new Date(date);
}

export function secretFor(store: Store, env: NodeJS.ProcessEnv): string {
  return env.LEADLINE_SECRET || storedSecret(store.db);
}

/** Opens the configured store for the duration of `work` and always closes it. */
export async function withStore<T>(config: Config, work: (store: Store) => Promise<T> | T): Promise<T> {
  const store = openStore(config.store);
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
