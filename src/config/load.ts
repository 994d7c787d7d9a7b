// Reads the YAML config, validates it, resolves paths against its folder and applies env overrides.
import { createPrivateKey } from "node:crypto";
import path from "node:path";
import { parseDocument } from "yaml";
import { LeadlineError } from "../errors.ts";
import { readTextFile } from "../readTextFile.ts";
import { configSchema, isHttpUrl, type ConfigFile } from "./schema.ts";
import { boundMessage, formatIssue } from "./formatIssue.ts";
import { smtpUrlProblem } from "./smtpUrlProblem.ts";

/** The validated config plus where it came from; paths in it are absolute. */
export interface Config extends ConfigFile {
  file: string;
  /** Folder of the config file: relative paths are resolved against it. */
  baseDir: string;
  /** DKIM signing, with the key read from the environment or the key file. */
  signing?: { domainName: string; keySelector: string; privateKey: string };
}

/** Settings that come from the environment, never from committed files. */
export interface EnvOverrides {
  LEADLINE_SMTP_URL?: string | undefined;
  LEADLINE_DKIM_PRIVATE_KEY?: string | undefined;
}

export interface LoadOptions {
  /**
   * Whether a `dkim` section needs its key (default true). Commands that send nothing (subscribers,
   * status, build…) check a key that is there but do without one that is not: a cron job importing
   * a signup form's list should not need the signing key.
   */
  requireSigningKey?: boolean;
}

export function loadConfig(file: string, env: EnvOverrides = {}, options: LoadOptions = {}): Config {
  return parseConfig(readTextFile(file, "ECONFIG"), file, env, options);
}

export function parseConfig(text: string, file: string, env: EnvOverrides = {}, { requireSigningKey = true }: LoadOptions = {}): Config {
  const document = parseDocument(text, { prettyErrors: true });
  if (document.errors.length > 0) {
    const first = document.errors[0]!;
    const where = first.linePos ? `line ${first.linePos[0].line}, column ${first.linePos[0].col}` : "YAML";
    // The first line of yaml's pretty message ends "at line L, column C:", before a code excerpt we leave out.
    throw new LeadlineError("ECONFIG", `${file}: ${where}: ${first.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "")}`);
  }
  const result = configSchema.safeParse(document.toJS() ?? {}, { reportInput: true, error: boundMessage });
  if (!result.success) {
    throw new LeadlineError("ECONFIG", result.error.issues.map((issue) => `${file}: ${formatIssue(issue)}`).join("\n"));
  }
  // The environment's URL replaces the file's, so it is checked the same way, and named as the place to fix.
  const smtpProblem = env.LEADLINE_SMTP_URL ? smtpUrlProblem(env.LEADLINE_SMTP_URL) : undefined;
  if (smtpProblem) throw new LeadlineError("ECONFIG", `LEADLINE_SMTP_URL: ${smtpProblem}`);
  const baseDir = path.dirname(path.resolve(file));
  const config = resolvePaths({ ...result.data, file, baseDir }, env);
  if (!config.dkim && env.LEADLINE_DKIM_PRIVATE_KEY) {
    // Set on its own, the key would sign nothing: the mail would go out unsigned while the operator thinks otherwise.
    throw new LeadlineError("ECONFIG", `LEADLINE_DKIM_PRIVATE_KEY is set, but ${file} has no dkim section (dkim.domain, dkim.selector) to sign with: add one, or unset the variable`);
  }
  if (!config.dkim || (!requireSigningKey && !env.LEADLINE_DKIM_PRIVATE_KEY && !config.dkim.privateKeyFile)) return config;
  return { ...config, signing: loadSigningKey(config, env) };
}

function loadSigningKey(config: Config, env: EnvOverrides): NonNullable<Config["signing"]> {
  const dkim = config.dkim!;
  // Each mistake is reported where it can be fixed: the environment variable, or the key file.
  const fromEnv = env.LEADLINE_DKIM_PRIVATE_KEY;
  if (!fromEnv && !dkim.privateKeyFile) {
    throw new LeadlineError("ECONFIG", `${config.file}: dkim: expected a PEM private key in LEADLINE_DKIM_PRIVATE_KEY or dkim.privateKeyFile`);
  }
  const source = fromEnv ? "LEADLINE_DKIM_PRIVATE_KEY" : `${config.file}: dkim.privateKeyFile: ${dkim.privateKeyFile}`;
  const privateKey = fromEnv || readTextFile(dkim.privateKeyFile!, "ECONFIG", `${config.file}: dkim.privateKeyFile`);
  if (!privateKey.includes("PRIVATE KEY")) {
    throw new LeadlineError("ECONFIG", `${source}: expected a PEM private key (-----BEGIN PRIVATE KEY----- …)`);
  }
  if (keyType(privateKey) !== "rsa") {
    throw new LeadlineError("ECONFIG", `${source}: expected an RSA private key (rsa-sha256), got ${keyType(privateKey) ?? "a key that does not parse"}`);
  }
  return { domainName: dkim.domain, keySelector: dkim.selector, privateKey };
}

function keyType(pem: string): string | undefined {
  try {
    return createPrivateKey(pem).asymmetricKeyType;
  } catch {
    return undefined;
  }
}

function resolvePaths(config: Config, env: EnvOverrides): Config {
  const resolve = (p: string) => path.resolve(config.baseDir, p);
  return {
    ...config,
    feeds: config.feeds.map((feed) => ({
      ...feed,
      ...(feed.url === undefined ? {} : { url: isHttpUrl(feed.url) ? feed.url : resolve(feed.url) }),
      ...(feed.opml === undefined ? {} : { opml: resolve(feed.opml) }),
    })),
    store: config.store === ":memory:" ? config.store : resolve(config.store),
    outbox: resolve(config.outbox),
    template: config.template === undefined ? undefined : resolve(config.template),
    dkim: config.dkim && { ...config.dkim, ...(config.dkim.privateKeyFile ? { privateKeyFile: resolve(config.dkim.privateKeyFile) } : {}) },
    smtp: { ...config.smtp, url: env.LEADLINE_SMTP_URL || config.smtp.url },
  };
}
