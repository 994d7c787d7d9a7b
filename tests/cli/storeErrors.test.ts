// A store Leadline cannot use is an error the operator can act on: the file named, exit 1.
import { spawn } from "node:child_process";
import { chmodSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { LEADLINE_BIN, makeTempDir, rssFeed, runCli, writeConfig } from "../helpers/fixtures.ts";

describe("a store that cannot be used", () => {
  it("is a reported error naming the file (exit 1), not an unexpected one: not a database, damaged, or read-only", async () => {
    const temp = makeTempDir();
    try {
      const config = writeConfig(temp, { feeds: [{ url: "news.rss" }], store: "data/leadline.db" });
      const store = `${temp.dir}/data/leadline.db`;
      mkdirSync(`${temp.dir}/data`);
      writeFileSync(store, "name,email\nnot,a database\n".repeat(100));
      const foreign = await runCli(["--config", config, "status"]);
      expect(foreign.code).toBe(1);
      expect(foreign.stderr).toBe(`leadline: ${config}: store: cannot open the store ${store}: file is not a database`);

      rmSync(store);
      expect((await runCli(["--config", config, "subscribers", "add", "ada@example.org"])).code).toBe(0);
      chmodSync(store, 0o444);
      chmodSync(`${temp.dir}/data`, 0o555);
      // Root writes anyway; run as an ordinary user when the tests run as root.
      chmodSync(temp.dir, 0o755);
      const readOnly = await runBinAs(process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {}, ["--config", config, "subscribers", "add", "grace@example.org"]);
      expect(readOnly.code).toBe(1);
      expect(readOnly.stderr).toMatch(new RegExp(`^leadline: ${config}: store: cannot open the store ${store}: (attempt to write a readonly database|unable to open database file)`));
    } finally {
      chmodSync(`${temp.dir}/data`, 0o755);
      temp.remove();
    }
  });

  it("names the config file and key for a store that is a folder, a template folder that is missing and a subject that does not parse", async () => {
    const temp = makeTempDir();
    try {
      temp.file("news.rss", rssFeed("News", [{ title: "A story", guid: "a", date: "Wed, 25 Nov 2026 10:00:00 GMT", description: "Text." }]));
      mkdirSync(`${temp.dir}/folder`);
      const folderStore = writeConfig(temp, { feeds: [{ url: "news.rss" }], store: "folder" });
      const store = await runCli(["--config", folderStore, "status"]);
      expect(store.stderr).toMatch(new RegExp(`^leadline: ${folderStore}: store: cannot open the store ${temp.dir}/folder: `));
      const noTheme = writeConfig(temp, { feeds: [{ url: "news.rss" }], template: "nope" });
      const theme = await runCli(["--config", noTheme, "--now", "2026-11-25T12:00:00Z", "build", "--out", `${temp.dir}/out`]);
      expect(theme.stderr).toContain(`${noTheme}: template: ${temp.dir}/nope: folder not found`);
      const badSubject = writeConfig(temp, { feeds: [{ url: "news.rss" }], newsletter: { name: "Test Brief", from: "Test Brief <news@example.org>", siteUrl: "https://news.example.org", subject: "{{#if lead}}oops" } });
      const subject = await runCli(["--config", badSubject, "--now", "2026-11-25T12:00:00Z", "build", "--out", `${temp.dir}/out`]);
      expect(subject.code).toBe(1);
      expect(subject.stderr).toMatch(new RegExp(`^leadline: ${badSubject}: newsletter\\.subject:1: `));
    } finally {
      temp.remove();
    }
  });
});

function runBinAs(user: { uid?: number; gid?: number }, args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(LEADLINE_BIN, args, { ...user, env: process.env });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d));
    child.on("exit", (code) => resolve({ code, stderr }));
  });
}
