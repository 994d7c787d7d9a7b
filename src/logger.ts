// The logger every stage takes as an argument; the CLI decides how lines are shown.
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
}

export const silentLogger: Logger = { info() {}, warn() {} };
