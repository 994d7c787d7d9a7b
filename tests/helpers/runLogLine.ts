// The run line of a process's log: among its JSON lines on standard error, the one with the run's outcome.
export function runLogLine(stderr: string): Record<string, unknown> & { slot: string; outcome: string } {
  return stderr
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line))
    .find((line) => line.outcome);
}
