// MJML compiles in a worker thread: the HTML and errors come back, mjml's memory never joins the calling thread.
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { compileMjml, openMjmlCompiler } from "../../src/render/mjml.ts";
import { stopSharingMjmlWorker } from "../helpers/shareMjmlWorker.ts";

const DOCUMENT = (text: string) => `<mjml><mj-body><mj-section><mj-column><mj-text>${text}</mj-text></mj-column></mj-section></mj-body></mjml>`;
const COMPILED_MJML = path.resolve(import.meta.dirname, "../../dist/render/mjml.js");

describe("compiling MJML", () => {
  // These tests are about the compilers' own workers, not the one the other test files share.
  beforeAll(stopSharingMjmlWorker);

  it("returns the HTML without loading mjml into this thread", async () => {
    const html = await compileMjml(DOCUMENT("Hello, reader"), (line) => `line ${line}`);
    expect(html).toContain("Hello, reader");
    expect(html).toMatch(/^<!doctype html>/i);
    const loaded = Object.keys(createRequire(import.meta.url).cache);
    expect(loaded.filter((file) => /[\\/]node_modules[\\/]mjml(-core)?[\\/]/.test(file))).toEqual([]);
  });

  it("names the line of an MJML mistake, as described by the caller", async () => {
    const broken = "<mjml>\n<mj-body>\n<mj-section><mj-column><mj-txt>x</mj-txt></mj-column></mj-section>\n</mj-body>\n</mjml>";
    await expect(compileMjml(broken, (line) => `layout.mjml:${line}`)).rejects.toMatchObject({
      code: "ETEMPLATE",
      message: expect.stringMatching(/^layout\.mjml:3: Element mj-txt doesn't exist/),
    });
  });

  it("keeps one compiler's worker for several documents, compiled at the same time, until closed", async () => {
    const compiler = openMjmlCompiler();
    try {
      const pages = await Promise.all(["one", "two", "three"].map((word) => compiler.compile(DOCUMENT(word), String)));
      expect(pages.map((html) => ["one", "two", "three"].filter((word) => html.includes(`>${word}<`)))).toEqual([["one"], ["two"], ["three"]]);
    } finally {
      await compiler.close();
    }
    // A compile after close starts a new worker.
    await expect(compiler.compile(DOCUMENT("again"), String)).resolves.toContain("again");
    await compiler.close();
  });

  it("lets the process exit when an open compiler is idle", async () => {
    // The compiled module (dist/, built before the tests) in a process of its own, which never closes the compiler.
    const script = `const { openMjmlCompiler } = await import(${JSON.stringify(COMPILED_MJML)});
const html = await openMjmlCompiler().compile(${JSON.stringify(DOCUMENT("idle"))}, String);
process.stdout.write(html.includes("idle") ? "compiled" : "wrong");`;
    const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", script], { timeout: 20_000 });
    expect(stdout).toBe("compiled");
  });
});
