// The only module that talks to mjml: MJML in, HTML out (compiled in a worker thread), validation errors as LeadlineErrors.
import { createRequire } from "node:module";
import { LeadlineError } from "../errors.ts";
import { startScriptWorker, type ScriptWorker } from "../scriptWorker.ts";

/** Compiles MJML in a worker thread, started on the first compile and ended by `close()` (or a later one started). */
export interface MjmlCompiler {
  /** `describe(line)` names the template file and line for an MJML line of the expanded document. */
  compile(source: string, describe: (line: number) => string): Promise<string>;
  /** Ends the worker, and with it the memory mjml took. */
  close(): Promise<void>;
}

interface Compiled {
  html: string;
  errors: { line: number; message: string }[];
}

// Minified (htmlnano, whitespace collapsed; the CSS is inlined already): a lead and 12 headlines are
// about 45 KB instead of 60 KB, under Gmail's clipping limit with room to spare and less to send.
// mjml and what it loads (cheerio, juice, cssnano, htmlnano…) take about 50 MB and 0.4 s to load, and a
// process that imported it would keep that memory to its end — through a whole send, or a daemon's idle
// days. A worker thread takes it with it when it ends. mjml is required by the absolute path resolved here.
const COMPILE_IN_WORKER = `
const mjml2html = require(workerData.mjmlPath);
function handle(source) {
  return Promise.resolve(mjml2html(source, { validationLevel: "soft", keepComments: false, minify: true, minifyOptions: { minifyCss: false } })).then(
    (result) => ({ html: result.html, errors: result.errors.map((e) => ({ line: e.line, message: e.message })) }),
  );
}`;

// One compilation builds little garbage; a small young generation keeps the worker's peak low.
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 4 };

let compilations = 0;

/** How many times MJML has compiled in this process: the send path must compile once per issue. */
export function mjmlCompilations(): number {
  return compilations;
}

/** Compiles one document in a worker of its own, ended as soon as the HTML is back. */
export async function compileMjml(source: string, describe: (line: number) => string): Promise<string> {
  const compiler = openMjmlCompiler();
  try {
    return await compiler.compile(source, describe);
  } finally {
    await compiler.close();
  }
}

let shared: MjmlCompiler | undefined;

/**
 * For the tests: every compiler opened in this process compiles in one worker, kept until the returned
 * function is called. Loading mjml into a fresh worker costs about a second of CPU, and the tests
 * build hundreds of issues; a user's process opens one or two compilers and must not keep mjml's memory.
 */
export function shareOneMjmlWorker(): () => Promise<void> {
  const compiler = openMjmlCompiler();
  shared = compiler;
  return async () => {
    if (shared === compiler) shared = undefined;
    await compiler.close();
  };
}

/** A compiler that keeps its worker (and mjml loaded) across compiles, for builds and the preview. */
export function openMjmlCompiler(): MjmlCompiler {
  if (shared) return { compile: shared.compile, close: async () => {} };
  let worker: ScriptWorker<string, Compiled> | undefined;
  const start = () =>
    startScriptWorker<string, Compiled>(COMPILE_IN_WORKER, {
      workerData: { mjmlPath: createRequire(import.meta.url).resolve("mjml") },
      resourceLimits: WORKER_LIMITS,
      failure: (reason) => new LeadlineError("ETEMPLATE", `MJML could not compile: ${reason}`),
    });

  return {
    async compile(source, describe) {
      compilations += 1;
      if (!worker || worker.ended) worker = start();
      return toHtml(await worker.request(source), describe);
    },
    async close() {
      const ending = worker;
      worker = undefined;
      await ending?.close();
    },
  };
}

function toHtml(compiled: Compiled, describe: (line: number) => string): string {
  const first = compiled.errors[0];
  if (first) throw new LeadlineError("ETEMPLATE", `${describe(first.line)}: ${first.message}`);
  return compiled.html;
}
