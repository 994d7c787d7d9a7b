// The only module that talks to mjml: MJML in, HTML out (compiled in a worker thread), validation errors as LeadlineErrors.
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import { LeadlineError } from "../errors.ts";

/** Compiles MJML in a worker thread, started on the first compile and ended by `close()` (or a later one started). */
export interface MjmlCompiler {
  /** `describe(line)` names the template file and line for an MJML line of the expanded document. */
  compile(source: string, describe: (line: number) => string): Promise<string>;
  /** Ends the worker, and with it the memory mjml took. */
  close(): Promise<void>;
}

interface Reply {
  id: number;
  html?: string;
  errors?: { line: number; message: string }[];
  failure?: string;
}

// Minified (htmlnano, whitespace collapsed; the CSS is inlined already): a lead and 12 headlines are
// about 45 KB instead of 60 KB, under Gmail's clipping limit with room to spare and less to send.
// mjml and what it loads (cheerio, juice, cssnano, htmlnano…) take about 50 MB and 0.4 s to load, and a
// process that imported it would keep that memory to its end — through a whole send, or a daemon's idle
// days. A worker thread takes it with it when it ends. Plain CommonJS given as text, so it runs the same
// from src/ (tsx, vitest) and from dist/; mjml is required by the absolute path resolved here.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const mjml2html = require(workerData.mjmlPath);
parentPort.on("message", ({ id, source }) => {
  Promise.resolve()
    .then(() => mjml2html(source, { validationLevel: "soft", keepComments: false, minify: true, minifyOptions: { minifyCss: false } }))
    .then(
      (result) => parentPort.postMessage({ id, html: result.html, errors: result.errors.map((e) => ({ line: e.line, message: e.message })) }),
      (error) => parentPort.postMessage({ id, failure: error instanceof Error ? error.message : String(error) }),
    );
});`;

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

/** A compiler that keeps its worker (and mjml loaded) across compiles, for builds and the preview. */
export function openMjmlCompiler(): MjmlCompiler {
  let worker: Worker | undefined;
  let nextId = 0;
  const waiting = new Map<number, { resolve: (reply: Reply) => void; reject: (error: Error) => void }>();

  const failAll = (error: Error) => {
    for (const { reject } of waiting.values()) reject(error);
    waiting.clear();
  };
  const start = (): Worker => {
    const started = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { mjmlPath: createRequire(import.meta.url).resolve("mjml") },
      resourceLimits: WORKER_LIMITS,
      // Not this process's flags: `--input-type=module` would make the source ESM, `--import tsx` would load tsx again.
      execArgv: [],
    });
    started.on("message", (reply: Reply) => {
      waiting.get(reply.id)?.resolve(reply);
      waiting.delete(reply.id);
      // An idle worker does not keep the process alive.
      if (waiting.size === 0) started.unref();
    });
    started.on("error", (error) => failAll(new LeadlineError("ETEMPLATE", `MJML could not compile: ${error.message}`)));
    started.on("exit", (code) => {
      if (worker === started) worker = undefined;
      failAll(new LeadlineError("ETEMPLATE", `MJML could not compile: its worker ended (exit code ${code})`));
    });
    return started;
  };
  const request = (source: string): Promise<Reply> => {
    worker ??= start();
    worker.ref();
    const id = nextId++;
    const reply = new Promise<Reply>((resolve, reject) => waiting.set(id, { resolve, reject }));
    worker.postMessage({ id, source });
    return reply;
  };

  return {
    async compile(source, describe) {
      compilations += 1;
      return toHtml(await request(source), describe);
    },
    async close() {
      const ending = worker;
      worker = undefined;
      await ending?.terminate();
    },
  };
}

function toHtml(reply: Reply, describe: (line: number) => string): string {
  if (reply.failure !== undefined) throw new LeadlineError("ETEMPLATE", `MJML could not compile: ${reply.failure}`);
  const first = reply.errors?.[0];
  if (first) throw new LeadlineError("ETEMPLATE", `${describe(first.line)}: ${first.message}`);
  return reply.html ?? "";
}
