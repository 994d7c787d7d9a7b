// Structured logs for processes: JSON lines on standard error, or pino-pretty's readable lines on a terminal.
import pino from "pino";
import type { Logger } from "../logger.ts";

export function createPinoLogger(isTerminal: boolean): Logger {
  const logger = isTerminal
    ? pino({ base: undefined }, pino.transport({ target: "pino-pretty", options: { destination: 2, colorize: true, ignore: "pid,hostname" } }))
    : pino({ base: { pid: process.pid } }, pino.destination({ dest: 2, sync: true }));
  return {
    info: (message, fields) => logger.info(fields ?? {}, message),
    warn: (message, fields) => logger.warn(fields ?? {}, message),
  };
}
