import { generateKeyPairSync } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/load.ts";
import { currentSlot } from "../../src/schedule/slot.ts";
import { openStore } from "../../src/store/openStore.ts";
import { makeTempDir, runCli } from "../helpers/fixtures.ts";
import { setupNewsletter } from "../helpers/newsletter.ts";

const ISSUE_EXAMPLE = `
newsletter:
  name: The Daily Brief
  from: "The Daily Brief <news@example.org>"
  siteUrl: https://news.example.org
feeds:
  - url: https://example.org/politics.rss
    name: Politics
  - url: feeds/sample.xml        # a local file path is a feed too
digest:
  headlines: 8
schedule:
  cron: "0 7 * * *"
  timezone: America/New_York
store: data/leadline.db
smtp:
  url: smtp://127.0.0.1:2525
`;

const pem = (type: "rsa" | "ed25519") =>
  generateKeyPairSync(type as "rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();

const errorOf = (yaml: string) => {
  try {
    parseConfig(yaml, "leadline.config.yaml");
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected the config to be refused");
};

describe("config", () => {
  it("accepts the documented example as it stands, with paths resolved against its folder", () => {
    const config = parseConfig(ISSUE_EXAMPLE, "/srv/brief/leadline.config.yaml");
    expect(config.feeds.map((f) => f.url)).toEqual(["https://example.org/politics.rss", "/srv/brief/feeds/sample.xml"]);
    expect(config.store).toBe("/srv/brief/data/leadline.db");
    expect(config.digest.headlines).toBe(8);
    expect(config.smtp.url).toBe("smtp://127.0.0.1:2525");
  });

  it("names the file, the key path and what was expected", () => {
    const yaml = ISSUE_EXAMPLE.replace("  - url: feeds/sample.xml", "  - url: feeds/sample.xml\n  - url: ftp://example.org/x.rss");
    expect(errorOf(yaml)).toBe("leadline.config.yaml: feeds[2].url: expected a URL (http or https) or a file path");
  });

  it("reports wrong types, unknown keys and bad schedules", () => {
    const yaml = ISSUE_EXAMPLE.replace("headlines: 8", 'headlines: "eight"\n  headlnes: 3').replace("America/New_York", "Mars/Base");
    const lines = errorOf(yaml).split("\n");
    expect(lines).toContain('leadline.config.yaml: digest.headlines: expected a number, got "eight"');
    expect(lines).toContain("leadline.config.yaml: digest.headlnes: unknown key");
    expect(lines).toContain('leadline.config.yaml: schedule.timezone: expected an IANA time zone such as "America/New_York", got "Mars/Base"');
  });

  it("reports a bad timezone and a bad cron expression together", () => {
    const yaml = ISSUE_EXAMPLE.replace("America/New_York", "Mars/Base").replace(/cron: .*/, 'cron: "0 7 * * 8"');
    const lines = errorOf(yaml).split("\n");
    expect(lines).toContain('leadline.config.yaml: schedule.timezone: expected an IANA time zone such as "America/New_York", got "Mars/Base"');
    expect(lines.filter((line) => line.startsWith('leadline.config.yaml: schedule.cron: expected a cron expression such as "0 7 * * *"'))).toHaveLength(1);
  });

  it("accepts only 5- or 6-field cron expressions, saying what the fields are", () => {
    const lines = errorOf(ISSUE_EXAMPLE.replace(/cron: .*/, 'cron: "0 7 * * * * *"')).split("\n");
    expect(lines).toEqual([
      'leadline.config.yaml: schedule.cron: expected 5 fields (minute hour day-of-month month day-of-week) or 6 (seconds first), got 7 in "0 7 * * * * *"',
    ]);
    expect(errorOf(ISSUE_EXAMPLE.replace(/cron: .*/, 'cron: "0 7 * *"'))).toContain("expected 5 fields (minute hour day-of-month month day-of-week) or 6 (seconds first), got 4");
    expect(parseConfig(ISSUE_EXAMPLE.replace(/cron: .*/, 'cron: "30 0 7 * * *"'), "c.yaml").schedule.cron).toBe("30 0 7 * * *");
  });

  it("takes crontab's nicknames as crontab means them, and refuses @reboot, which has no slots", () => {
    const daily = parseConfig(ISSUE_EXAMPLE.replace(/cron: .*/, 'cron: "@daily"'), "c.yaml").schedule;
    const at = new Date("2026-11-25T15:20:00Z");
    expect(currentSlot({ ...daily, timezone: "UTC" }, at)).toBe("2026-11-25T00:00:00Z");
    expect(currentSlot({ cron: "@weekly", timezone: "UTC" }, at)).toBe("2026-11-22T00:00:00Z"); // a Sunday
    expect(currentSlot({ cron: "@Hourly", timezone: "UTC" }, at)).toBe("2026-11-25T15:00:00Z");
    expect(errorOf(ISSUE_EXAMPLE.replace(/cron: .*/, 'cron: "@reboot"'))).toBe(
      'leadline.config.yaml: schedule.cron: "@reboot" is not a schedule Leadline can use; the nicknames it takes are @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly',
    );
  });

  it("refuses a cron expression that never fires", () => {
    expect(errorOf(ISSUE_EXAMPLE.replace(/cron: .*/, 'cron: "0 7 31 2 *"'))).toBe(
      'leadline.config.yaml: schedule.cron: "0 7 31 2 *" never fires: no month it names has that day of the month',
    );
    // 29 February comes every four years: rare, but real.
    expect(parseConfig(ISSUE_EXAMPLE.replace(/cron: .*/, 'cron: "0 7 29 2 *"'), "c.yaml").schedule.cron).toBe("0 7 29 2 *");
  });

  it("refuses an approval deadline after the grace period, and a grace period of zero: either would never send", () => {
    const withSchedule = (lines: string) => ISSUE_EXAMPLE.replace(/cron: .*/, (line) => `${line}\n${lines}`);
    expect(errorOf(withSchedule("  requireApproval: true\n  approvalDeadlineMinutes: 180"))).toBe(
      "leadline.config.yaml: schedule.approvalDeadlineMinutes: expected at most schedule.graceMinutes less 1 (119), got 180: a slot is skipped once its grace period is over, so an approval or the deadline's send after that would send nothing",
    );
    // The send at the deadline, or just after an approval, needs the grace period still open then.
    expect(errorOf(withSchedule("  requireApproval: true\n  approvalDeadlineMinutes: 120\n  onDeadline: send"))).toContain("got 120");
    expect(parseConfig(withSchedule("  requireApproval: true\n  approvalDeadlineMinutes: 119"), "c.yaml").schedule.approvalDeadlineMinutes).toBe(119);
    // Without approvals the deadline does nothing, and the default grace is longer than the default deadline.
    expect(parseConfig(withSchedule("  approvalDeadlineMinutes: 180"), "c.yaml").schedule.approvalDeadlineMinutes).toBe(180);
    expect(parseConfig(withSchedule("  requireApproval: true"), "c.yaml").schedule.approvalDeadlineMinutes).toBe(60);
    expect(errorOf(withSchedule("  graceMinutes: 0"))).toBe(
      "leadline.config.yaml: schedule.graceMinutes: expected a number greater than 0, got 0: a scheduled run always starts a little after its slot, so it would skip every slot",
    );
    // With approvals on, a grace of 0 is one error, not a second one about a deadline of "at most -1".
    expect(errorOf(withSchedule("  graceMinutes: 0\n  requireApproval: true"))).toBe(
      "leadline.config.yaml: schedule.graceMinutes: expected a number greater than 0, got 0: a scheduled run always starts a little after its slot, so it would skip every slot",
    );
  });

  it("says what it got for a choice, and names YAML's types in YAML's words", () => {
    expect(errorOf(ISSUE_EXAMPLE.replace(/cron: .*/, (line) => `${line}\n  onDeadline: later`))).toBe('leadline.config.yaml: schedule.onDeadline: expected one of "skip", "send", got "later"');
    expect(errorOf(ISSUE_EXAMPLE.replace("headlines: 8", "headlines: [8]"))).toBe("leadline.config.yaml: digest.headlines: expected a number, got a list");
  });

  it("says that an unquoted # starts a YAML comment when a value came out empty", () => {
    expect(errorOf(`${ISSUE_EXAMPLE}\ntheme:\n  brandColor: #aa0000\n`)).toBe(
      'leadline.config.yaml: theme.brandColor: expected text, got null (nothing after the colon; a value starting with # must be quoted, as in "#aa0000": YAML reads # as the start of a comment)',
    );
  });

  it("refuses a budget whose warning comes after its limit", () => {
    expect(errorOf(`${ISSUE_EXAMPLE}\nbudget:\n  warnKb: 200\n  maxKb: 100\n`)).toBe("leadline.config.yaml: budget.warnKb: expected at most budget.maxKb (100), got 200");
    expect(parseConfig(`${ISSUE_EXAMPLE}\nbudget:\n  warnKb: 100\n  maxKb: 100\n`, "c.yaml").budget.warnKb).toBe(100);
  });

  it("words every bound in its own terms, not zod's", () => {
    const yaml = ISSUE_EXAMPLE.replace("headlines: 8", "headlines: 51\n  teaserLength: 5\n  duplicateThreshold: 0\n  recencyHalfLifeHours: -1")
      .replace("name: The Daily Brief", 'name: ""')
      .replace("url: smtp://127.0.0.1:2525", "url: smtp://127.0.0.1:2525\n  maxConnections: 2.5");
    expect(errorOf(yaml).split("\n")).toEqual([
      "leadline.config.yaml: newsletter.name: expected a non-empty string",
      "leadline.config.yaml: digest.headlines: expected a number at most 50, got 51",
      "leadline.config.yaml: digest.teaserLength: expected a number at least 20, got 5",
      "leadline.config.yaml: digest.recencyHalfLifeHours: expected a number greater than 0, got -1",
      "leadline.config.yaml: digest.duplicateThreshold: expected a number greater than 0, got 0",
      "leadline.config.yaml: smtp.maxConnections: expected a whole number, got number 2.5",
    ]);
    // A bound with a message of its own keeps it.
    expect(errorOf(ISSUE_EXAMPLE.replace(/feeds:\n(  .*\n)+/, "feeds: []\n"))).toBe("leadline.config.yaml: feeds: expected at least one feed");
  });

  it("says which key is missing", () => {
    expect(errorOf("feeds:\n  - url: a.xml\n")).toBe("leadline.config.yaml: newsletter: required (expected a mapping)");
  });

  it("names the top level when the file is not a mapping at all", () => {
    expect(errorOf("newsletter\n")).toBe('leadline.config.yaml: top level: expected a mapping, got "newsletter"');
  });

  it("quotes unknown keys that are empty or not plain words", () => {
    const lines = errorOf(ISSUE_EXAMPLE.replace("headlines: 8", 'headlines: 8\n  "": 1\n  "a: b": 2')).split("\n");
    expect(lines).toContain('leadline.config.yaml: digest[""]: unknown key; digest["a: b"]: unknown key');
  });

  it("takes the SMTP URL from LEADLINE_SMTP_URL over the file", () => {
    const config = parseConfig(ISSUE_EXAMPLE, "c.yaml", { LEADLINE_SMTP_URL: "smtp://user:secret@mail.example.org:587" });
    expect(config.smtp.url).toBe("smtp://user:secret@mail.example.org:587");
  });

  it("checks the SMTP URL it will use, from the file or from LEADLINE_SMTP_URL, naming where it came from and never repeating it", () => {
    const withUrl = (url: string) => ISSUE_EXAMPLE.replace("smtp://127.0.0.1:2525", url);
    expect(errorOf(withUrl("smtp://127.0.0.1:notaport"))).toBe('leadline.config.yaml: smtp.url: expected a port from 1 to 65535 after the host, got "notaport"');
    expect(errorOf(withUrl("smtps://mail.example.org:0"))).toBe('leadline.config.yaml: smtp.url: expected a port from 1 to 65535 after the host, got "0"');
    expect(errorOf(withUrl("http://127.0.0.1:1"))).toBe("leadline.config.yaml: smtp.url: expected an smtp:// or smtps:// URL, got http:");
    // A "/" in the password cuts the URL short; the message says what to do without quoting it.
    expect(errorOf(withUrl("smtp://user:se/cret@mail.example.org:587"))).toBe(
      "leadline.config.yaml: smtp.url: not a valid URL (characters such as @ : / # ? % in a user name or password must be percent-encoded, @ as %40)",
    );
    expect(parseConfig(withUrl("smtps://user:p%40ss@[::1]:465"), "c.yaml").smtp.url).toBe("smtps://user:p%40ss@[::1]:465");

    const fromEnv = (url: string) => () => parseConfig(ISSUE_EXAMPLE, "c.yaml", { LEADLINE_SMTP_URL: url });
    expect(fromEnv("http://127.0.0.1:1")).toThrow(/^LEADLINE_SMTP_URL: expected an smtp:\/\/ or smtps:\/\/ URL, got http:$/);
    expect(fromEnv("smtp://user:secret@127.0.0.1:notaport")).toThrow(/^LEADLINE_SMTP_URL: expected a port from 1 to 65535 after the host, got "notaport"$/);
  });

  it("refuses a bad LEADLINE_SMTP_URL before a send builds or stores anything", async () => {
    const newsletter = setupNewsletter({ subscribers: 1, smtpUrl: "smtp://127.0.0.1:2525" });
    try {
      const result = await runCli(["--config", newsletter.config, "--now", "2026-11-25T12:30:00Z", "send"], { LEADLINE_SMTP_URL: "smtp://127.0.0.1:notaport" });
      expect(result.code).toBe(1);
      expect(result.stderr).toBe('leadline: LEADLINE_SMTP_URL: expected a port from 1 to 65535 after the host, got "notaport"');
      const store = openStore(newsletter.store);
      expect(store.db.prepare("SELECT count(*) AS n FROM issues").get()).toEqual({ n: 0 });
      store.close();
    } finally {
      newsletter.temp.remove();
    }
  });

  it("takes an RSA DKIM key from the environment and refuses one that is not RSA, naming the variable", () => {
    const dkim = `${ISSUE_EXAMPLE}dkim:\n  domain: example.org\n  selector: brief\n`;
    expect(parseConfig(dkim, "c.yaml", { LEADLINE_DKIM_PRIVATE_KEY: pem("rsa") }).signing?.keySelector).toBe("brief");
    const fromEnv = (key: string) => () => parseConfig(dkim, "c.yaml", { LEADLINE_DKIM_PRIVATE_KEY: key });
    expect(fromEnv(pem("ed25519"))).toThrow(/^LEADLINE_DKIM_PRIVATE_KEY: expected an RSA private key \(rsa-sha256\), got ed25519$/);
    const garbled = "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n";
    expect(fromEnv(garbled)).toThrow(/^LEADLINE_DKIM_PRIVATE_KEY: expected an RSA private key \(rsa-sha256\), got a key that does not parse$/);
    expect(fromEnv("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC")).toThrow(/^LEADLINE_DKIM_PRIVATE_KEY: expected a PEM private key \(-----BEGIN PRIVATE KEY----- …\)$/);
    expect(() => parseConfig(dkim, "c.yaml")).toThrow(/^c\.yaml: dkim: expected a PEM private key in LEADLINE_DKIM_PRIVATE_KEY or dkim\.privateKeyFile$/);
  });

  it("says why dkim.privateKeyFile cannot be used, naming the key and the file", () => {
    const temp = makeTempDir();
    try {
      temp.file("ed25519.pem", pem("ed25519"));
      temp.file("notes.txt", "not a key");
      mkdirSync(path.join(temp.dir, "ops"));
      const withKeyFile = (file: string) => `${ISSUE_EXAMPLE}dkim:\n  domain: example.org\n  selector: brief\n  privateKeyFile: ${file}\n`;
      const config = path.join(temp.dir, "c.yaml");
      const refusal = (file: string) => () => parseConfig(withKeyFile(file), config);
      expect(refusal("ops")).toThrow(`${config}: dkim.privateKeyFile: ${temp.dir}/ops: is a folder, not a file`);
      expect(refusal("missing.pem")).toThrow(`${config}: dkim.privateKeyFile: ${temp.dir}/missing.pem: file not found`);
      expect(refusal("notes.txt")).toThrow(`${config}: dkim.privateKeyFile: ${temp.dir}/notes.txt: expected a PEM private key (-----BEGIN PRIVATE KEY----- …)`);
      expect(refusal("ed25519.pem")).toThrow(`${config}: dkim.privateKeyFile: ${temp.dir}/ed25519.pem: expected an RSA private key (rsa-sha256), got ed25519`);
    } finally {
      temp.remove();
    }
  });

  it("reports YAML syntax errors with the line and column, as a whole sentence", () => {
    expect(errorOf("newsletter:\n  name: [unclosed\n")).toMatch(/^leadline\.config\.yaml: line \d+, column \d+: /);
    expect(errorOf("newsletter:\n  name: a: b\n")).toBe("leadline.config.yaml: line 2, column 9: Nested mappings are not allowed in compact mappings");
  });

  it("refuses LEADLINE_DKIM_PRIVATE_KEY without a dkim section, which would sign nothing", () => {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    expect(() => parseConfig(ISSUE_EXAMPLE, "c.yaml", { LEADLINE_DKIM_PRIVATE_KEY: pem })).toThrow(
      "LEADLINE_DKIM_PRIVATE_KEY is set, but c.yaml has no dkim section (dkim.domain, dkim.selector) to sign with: add one, or unset the variable",
    );
  });
});
