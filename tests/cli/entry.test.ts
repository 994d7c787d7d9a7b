// bin/leadline.js: the compiled CLI (dist/) when it is up to date, the TypeScript sources through tsx otherwise; --help loads little.
import { execFile } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { LEADLINE_BIN, makeTempDir, type TempDir } from "../helpers/fixtures.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const run = promisify(execFile);

/** A package folder with the real bin/ and node_modules/, and a src/ and dist/ whose main says which one ran. */
function fakePackage(temp: TempDir): { file(relative: string, content: string, ageSeconds?: number): void; run(): Promise<string> } {
  cpSync(path.join(ROOT, "bin"), path.join(temp.dir, "bin"), { recursive: true });
  symlinkSync(path.join(ROOT, "node_modules"), path.join(temp.dir, "node_modules"));
  writeFileSync(path.join(temp.dir, "package.json"), '{ "type": "module" }\n');
  const file = (relative: string, content: string, ageSeconds = 0) => {
    const full = path.join(temp.dir, relative);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, content);
    const at = Date.now() / 1000 - ageSeconds;
    utimesSync(full, at, at);
  };
  return { file, run: async () => (await run(process.execPath, [path.join(temp.dir, "bin", "leadline.js"), "hello"])).stdout };
}

// TypeScript syntax (a type annotation), so running it proves tsx transpiled it.
const SOURCE_MAIN = 'export async function main(argv: string[]): Promise<number> { process.stdout.write(`src ${argv.join(" ")}`); return 0; }\n';
const COMPILED_MAIN = 'export async function main(argv) { process.stdout.write(`dist ${argv.join(" ")}`); return 0; }\n';

describe("the leadline entry", () => {
  let temp: TempDir | undefined;
  afterEach(() => temp?.remove());

  it("runs the compiled CLI when every source has a newer compiled file", async () => {
    temp = makeTempDir();
    const pkg = fakePackage(temp);
    pkg.file("src/cli/main.ts", SOURCE_MAIN, 60);
    pkg.file("src/errors.ts", "export {};\n", 60);
    pkg.file("dist/cli/main.js", COMPILED_MAIN);
    pkg.file("dist/errors.js", "export {};\n");
    expect(await pkg.run()).toBe("dist hello");
  });

  it("runs the sources through tsx when one source is newer than its compiled file", async () => {
    temp = makeTempDir();
    const pkg = fakePackage(temp);
    pkg.file("src/cli/main.ts", SOURCE_MAIN, 60);
    pkg.file("dist/cli/main.js", COMPILED_MAIN, 30);
    pkg.file("dist/errors.js", "export {};\n", 30);
    pkg.file("src/errors.ts", "export {};\n"); // edited after the build
    expect(await pkg.run()).toBe("src hello");
  });

  it("runs the sources through tsx when a source has no compiled file, or dist/ is missing", async () => {
    temp = makeTempDir();
    const pkg = fakePackage(temp);
    pkg.file("src/cli/main.ts", SOURCE_MAIN, 60);
    pkg.file("dist/cli/main.js", COMPILED_MAIN);
    pkg.file("src/feeds/newFeature.ts", "export {};\n", 60);
    expect(await pkg.run()).toBe("src hello");
    rmSync(path.join(temp.dir, "dist"), { recursive: true });
    expect(await pkg.run()).toBe("src hello");
  });

  it("runs, as an installed command, with a 1 GB heap limit (V8 grows the heap by less between collections)", async () => {
    temp = makeTempDir();
    const pkg = fakePackage(temp);
    pkg.file("src/cli/main.ts", SOURCE_MAIN, 60);
    pkg.file("dist/cli/main.js", 'import v8 from "node:v8";\nexport async function main() { process.stdout.write(String(v8.getHeapStatistics().heap_size_limit)); return 0; }\n');
    // Executed as npm's bin link is, so its #! line chooses the flags.
    const { stdout } = await run(path.join(temp.dir, "bin", "leadline.js"), []);
    const limitMb = Number(stdout) / 2 ** 20;
    expect(limitMb).toBeGreaterThanOrEqual(1024);
    expect(limitMb).toBeLessThan(1200);
  });

  it("loads only commander and the program definition for --help, from dist/", async () => {
    // A module hook that appends every module the process resolves to a file.
    temp = makeTempDir();
    const log = path.join(temp.dir, "modules.txt");
    temp.file("hooks.mjs", 'import { appendFileSync } from "node:fs";\nlet log;\nexport function initialize(data) { log = data.log; }\nexport async function resolve(specifier, context, next) {\n  const result = await next(specifier, context);\n  appendFileSync(log, `${result.url}\\n`);\n  return result;\n}\n');
    temp.file("record.mjs", `import { register } from "node:module";\nregister(${JSON.stringify(`file://${path.join(temp.dir, "hooks.mjs")}`)}, { data: { log: ${JSON.stringify(log)} } });\n`);
    const { stdout } = await run(process.execPath, ["--import", path.join(temp.dir, "record.mjs"), LEADLINE_BIN, "--help"]);
    expect(stdout).toContain("Usage: leadline");
    const loaded = readFileSync(log, "utf8").trim().split("\n").filter((url) => url.startsWith("file:"));
    const packages = new Set(loaded.flatMap((url) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1] ?? []));
    const own = loaded.filter((url) => !url.includes("/node_modules/")).map((url) => path.relative(ROOT, new URL(url).pathname)).sort();
    expect([...packages]).toEqual(["commander"]);
    expect(own).toEqual(["bin/distIsFresh.js", "bin/leadline.js", "dist/cli/main.js", "dist/cli/pinoLogger.js", "dist/cli/program.js", "dist/errors.js"]);
  });
});
