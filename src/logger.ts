// The logger every stage takes as an argument; the CLI decides how lines are shown (pino, or plain lines).
export type LogFields = Record<string, unknown>;

export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
}

export const silentLogger: Logger = { info() {}, warn() {} };

/** The same logger with fields on every line (which newsletter, when several log to one place). */
export function withFields(log: Logger, base: LogFields): Logger {
  return { info: (message, fields) => log.info(message, { ...base, ...fields }), warn: (message, fields) => log.warn(message, { ...base, ...fields }) };
}
