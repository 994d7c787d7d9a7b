// The installed command as a user runs it: a child process through bin/leadline.js.
import { afterEach, describe, expect, it } from "vitest";
import { makeTempDir, runBin, type TempDir } from "../helpers/fixtures.ts";

const leadline = runBin;

describe("the leadline command", () => {
  let temp: TempDir | undefined;
  afterEach(() => temp?.remove());

  it("lists its commands with --help", async () => {
    const { code, stdout } = await leadline(["--help"]);
    expect(code).toBe(0);
    for (const command of ["fetch", "feeds", "build", "send", "serve", "run", "status", "approve", "hold", "pin", "drop", "restore", "note", "subscribers"]) expect(stdout).toMatch(new RegExp(`^  ${command}\\b`, "m"));
  });

  it("has --help on each command", async () => {
    const { code, stdout } = await leadline(["send", "--help"]);
    expect(code).toBe(0);
    expect(stdout).toContain("--dry-run");
    expect(stdout).toContain("--to <address>");
  });

  it("prints a one-line config error and no stack trace", async () => {
    temp = makeTempDir();
    temp.file(
      "leadline.config.yaml",
      "newsletter: {name: X, from: x@example.org, siteUrl: https://x.example.org}\nfeeds:\n  - url: a.xml\n  - url: b.xml\n  - url: 'mailto:x'\n",
    );
    const { code, stdout, stderr } = await leadline(["build"], temp.dir);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr.trim()).toBe("leadline: leadline.config.yaml: feeds[2].url: expected a URL (http or https) or a file path");
  });

  it("says when the config file is missing", async () => {
    temp = makeTempDir();
    const { code, stderr } = await leadline(["send"], temp.dir);
    expect(code).toBe(1);
    expect(stderr.trim()).toBe("leadline: leadline.config.yaml: file not found");
  });
});
