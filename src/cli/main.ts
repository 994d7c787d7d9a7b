// Runs the command line: builds the program, maps errors to messages (stack only with --debug) and exit codes.
import { CommanderError } from "commander";
import { LeadlineError } from "../errors.ts";
import type { Logger } from "../logger.ts";
import { createPinoLogger } from "./pinoLogger.ts";
import type { CommandContext, GlobalOptions, Output } from "./context.ts";
import { buildProgram } from "./program.ts";

const processOutput: Output = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  isTerminal: process.stderr.isTTY === true,
  createLogger: onePinoLogger,
};

let pinoLogger: Logger | undefined;
function onePinoLogger(): Logger {
  pinoLogger ??= createPinoLogger(process.stderr.isTTY === true);
  return pinoLogger;
}

/** Runs the CLI and resolves to the exit code. */
export async function main(argv: string[], output: Output = processOutput, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let exitCode = 0;
  const program = buildProgram(
    (root): CommandContext => ({
      output,
      env,
      globals: () => root.opts<GlobalOptions>(),
      fail: (code) => {
        exitCode = Math.max(exitCode, code);
      },
    }),
  );
  program.configureOutput({ writeOut: (s) => output.out(s.trimEnd()), writeErr: (s) => output.err(s.trimEnd()) });
  try {
    await program.parseAsync(argv, { from: "user" });
    return exitCode;
  } catch (error) {
    return reportError(error, output, argv.includes("--debug"));
  }
}

function reportError(error: unknown, output: Output, debug: boolean): number {
  // --help and --version end here too, with exit code 0.
  if (error instanceof CommanderError) return error.exitCode;
  if (error instanceof LeadlineError) {
    output.err(`leadline: ${error.message}`);
    if (debug) output.err(error.stack ?? "");
    return 1;
  }
  output.err(`leadline: unexpected error: ${error instanceof Error ? error.message : String(error)}`);
  if (debug && error instanceof Error) output.err(error.stack ?? "");
  return 70;
}
