// A worker thread running a short script given as text; each request it gets is answered once, by id.
import { Worker, type ResourceLimits } from "node:worker_threads";

export interface ScriptWorker<Request, Reply> {
  request(payload: Request): Promise<Reply>;
  /** Requests sent and not answered yet. */
  readonly pending: number;
  /** True once the worker has ended (closed, crashed or exited): start another. */
  readonly ended: boolean;
  close(): Promise<void>;
}

export interface ScriptWorkerOptions {
  workerData?: unknown;
  resourceLimits?: ResourceLimits;
  /** The error a request is rejected with when the script throws, or when the worker ends before answering. */
  failure: (reason: string) => Error;
}

interface Answer {
  id: number;
  reply?: unknown;
  failure?: string;
}

/**
 * `handlerSource` is CommonJS that defines `function handle(payload)` (which may return a promise);
 * it sees `workerData` and may `require` Node's modules. Text rather than a file, so the same code runs
 * from src/ (tsx, vitest) and from dist/. An idle worker does not keep the process alive.
 */
export function startScriptWorker<Request, Reply>(handlerSource: string, options: ScriptWorkerOptions): ScriptWorker<Request, Reply> {
  const source = `
const { parentPort, workerData } = require("node:worker_threads");
${handlerSource}
parentPort.on("message", ({ id, payload }) => {
  Promise.resolve()
    .then(() => handle(payload))
    .then(
      (reply) => parentPort.postMessage({ id, reply }),
      (error) => parentPort.postMessage({ id, failure: error instanceof Error ? error.message : String(error) }),
    );
});`;
  const worker = new Worker(source, {
    eval: true,
    workerData: options.workerData,
    ...(options.resourceLimits ? { resourceLimits: options.resourceLimits } : {}),
    // Not this process's flags: `--input-type=module` would make the source ESM, `--import tsx` would load tsx again.
    execArgv: [],
  });
  const waiting = new Map<number, { resolve: (reply: Reply) => void; reject: (error: Error) => void }>();
  let nextId = 0;
  let ended = false;

  const failAll = (reason: string) => {
    for (const { reject } of waiting.values()) reject(options.failure(reason));
    waiting.clear();
  };
  worker.on("message", ({ id, reply, failure }: Answer) => {
    const waiter = waiting.get(id);
    waiting.delete(id);
    if (failure !== undefined) waiter?.reject(options.failure(failure));
    else waiter?.resolve(reply as Reply);
    if (waiting.size === 0) worker.unref();
  });
  worker.on("error", (error) => failAll(error.message));
  worker.on("exit", (code) => {
    ended = true;
    failAll(`its worker ended (exit code ${code})`);
  });
  worker.unref();

  return {
    request(payload) {
      if (ended) return Promise.reject(options.failure("its worker has ended"));
      const id = nextId++;
      const reply = new Promise<Reply>((resolve, reject) => waiting.set(id, { resolve, reject }));
      worker.ref();
      worker.postMessage({ id, payload });
      return reply;
    },
    get pending() {
      return waiting.size;
    },
    get ended() {
      return ended;
    },
    async close() {
      ended = true;
      await worker.terminate();
    },
  };
}
