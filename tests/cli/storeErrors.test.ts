// A store Leadline cannot use is an error the operator can act on: the file named, exit 1.
import { spawn } from "node:child_process";
import { chmodSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { LEADLINE_BIN, makeTempDir, runCli, writeConfig } from "../helpers/fixtures.ts";

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
      expect(foreign.stderr).toBe(`leadline: cannot open the store ${store}: file is not a database`);

      rmSync(store);
      expect((await runCli(["--config", config, "subscribers", "add", "ada@example.org"])).code).toBe(0);
      chmodSync(store, 0o444);
      chmodSync(`${temp.dir}/data`, 0o555);
      // Root writes anyway; run as an ordinary user when the tests run as root.
      chmodSync(temp.dir, 0o755);
      const readOnly = await runBinAs(process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {}, ["--config", config, "subscribers", "add", "grace@example.org"]);
      expect(readOnly.code).toBe(1);
      expect(readOnly.stderr).toMatch(new RegExp(`^leadline: cannot open the store ${store}: (attempt to write a readonly database|unable to open database file)`));
    } finally {
      chmodSync(`${temp.dir}/data`, 0o755);
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
