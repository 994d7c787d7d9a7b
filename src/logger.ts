// The logger every stage takes as an argument; the CLI decides how lines are shown (pino, or plain lines).
export type LogFields = Record<string, unknown>;

export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
}

export const silentLogger: Logger = { info() {}, warn() {} };
