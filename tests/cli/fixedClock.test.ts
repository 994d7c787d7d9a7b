// --now and LEADLINE_NOW fix the clock: fine for reproducing a send or build, refused by the daemon, announced when it comes from the environment.
import { afterEach, describe, expect, it } from "vitest";
import { makeTempDir, rssFeed, runBin, runCli, writeConfig, type TempDir } from "../helpers/fixtures.ts";

const NOW = "2026-11-26T04:00:30Z";

describe("a fixed clock", () => {
  let temp: TempDir;
  afterEach(() => temp.remove());

  const setUp = () => {
    temp = makeTempDir();
    temp.file("news.rss", rssFeed("News", [{ title: "A story", guid: "a", date: "Thu, 26 Nov 2026 03:00:00 GMT", description: "Summary." }]));
    return writeConfig(temp, { feeds: [{ url: "news.rss" }], schedule: { cron: "0 4 * * *", timezone: "UTC" }, server: { port: 20999 } });
  };

  it("is refused by `leadline run`, from --now or from LEADLINE_NOW, before anything starts", async () => {
    const config = setUp();
    const flag = await runBin(["--config", config, "--now", NOW, "run"]);
    expect(flag.code).toBe(1);
    expect(flag.stderr.trim()).toBe(
      `leadline: leadline run needs the real clock, but --now fixes it at ${NOW}; leave out --now. To reproduce one slot's run, use leadline --now ISO send`,
    );
    const env = await runBin(["--config", config, "run"], undefined, { LEADLINE_NOW: NOW });
    expect(env.code).toBe(1);
    expect(env.stderr).toContain(`leadline run needs the real clock, but LEADLINE_NOW fixes it at ${NOW}; unset LEADLINE_NOW (look in the service's EnvironmentFile)`);
  });

  it("is announced in one warning line when LEADLINE_NOW sets it for send or build, not when --now does", async () => {
    const config = setUp();
    for (const command of [["build", "--out", `${temp.dir}/build`], ["send", "--dry-run"]]) {
      const fromEnv = await runCli(["--config", config, ...command], { LEADLINE_NOW: NOW });
      expect(fromEnv.code, command[0]).toBe(0);
      const warnings = fromEnv.stderr.split("\n").filter((line) => line.includes("LEADLINE_NOW"));
      expect(warnings, command[0]).toEqual(["warning: LEADLINE_NOW is set: the clock is fixed at 2026-11-26T04:00:30.000Z, as with --now; unset it for a real run"]);
    }
    const fromFlag = await runCli(["--config", config, "--now", NOW, "send", "--dry-run"]);
    expect(fromFlag.code).toBe(0);
    expect(fromFlag.stderr).not.toContain("LEADLINE_NOW");
  });
});

describe("a dry run", () => {
  it("stores nothing, not even the feeds' health: `--now` in the future would date their last success ahead of the clock", async () => {
    const temp = makeTempDir();
    try {
      temp.file("news.rss", rssFeed("News", [{ title: "A story", guid: "a", date: "Thu, 26 Nov 2026 03:00:00 GMT", description: "Summary." }]));
      const config = writeConfig(temp, { feeds: [{ url: "news.rss" }], schedule: { cron: "0 4 * * *", timezone: "UTC" } });
      expect((await runCli(["--config", config, "subscribers", "add", "ada@example.org"])).code).toBe(0);
      const dryRun = await runCli(["--config", config, "--now", "2027-01-01T04:00:00Z", "send", "--dry-run"]);
      expect(dryRun.stdout).toContain("dry run: slot 2027-01-01T04:00:00Z: ");
      const status = JSON.parse((await runCli(["--config", config, "status", "--json"])).stdout);
      expect(status.feeds).toMatchObject([{ state: expect.any(String), health: null }]);
      expect(status.lastRuns).toEqual([]);
    } finally {
      temp.remove();
    }
  });
});
