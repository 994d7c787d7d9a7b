// Structured logs for processes: JSON lines on standard error, or pino-pretty's readable lines on a terminal.
import { createRequire } from "node:module";
import type pino from "pino";
import type { Logger } from "../logger.ts";

export function createPinoLogger(isTerminal: boolean): Logger {
  // Required here, not imported at the top: main.ts imports this file, and `--help` should not load pino.
  const pinoLogger = createRequire(import.meta.url)("pino") as typeof pino;
  const logger = isTerminal
    ? pinoLogger({ base: undefined }, pinoLogger.transport({ target: "pino-pretty", options: { destination: 2, colorize: true, ignore: "pid,hostname" } }))
    : pinoLogger({ base: { pid: process.pid } }, pinoLogger.destination({ dest: 2, sync: true }));
  return {
    info: (message, fields) => logger.info(fields ?? {}, message),
    warn: (message, fields) => logger.warn(fields ?? {}, message),
  };
}
