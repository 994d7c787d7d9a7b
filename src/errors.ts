// One error type the CLI knows how to print: a stable code callers can act on, and a message for people.
export type LeadlineErrorCode =
  | "ECONFIG"
  | "EFEED"
  | "ETEMPLATE"
  | "EBUDGET"
  | "ESTORE"
  | "ESEND"
  | "EINPUT"
  | "ENOTFOUND";

export class LeadlineError extends Error {
  readonly code: LeadlineErrorCode;

  constructor(code: LeadlineErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "LeadlineError";
    this.code = code;
  }
}

/** The message of anything thrown, for reports that must not lose the reason. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
    return error.message + (error.message.includes(cause.slice(2)) ? "" : cause);
  }
  return String(error);
}
