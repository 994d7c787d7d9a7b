// Schedule slots: the cron firing an issue belongs to, so a late or repeated run finds the same issue.
import { Cron } from "croner";
import { LeadlineError } from "../errors.ts";

export interface Schedule {
  cron: string;
  timezone: string;
}

/** The latest firing of the schedule at or before `now`, as an ISO-8601 UTC string. */
export function currentSlot(schedule: Schedule, now: Date): string {
  const job = parseSchedule(schedule);
  // previousRuns looks strictly before its reference; a run exactly at `now` is the current slot too.
  const [previous] = job.previousRuns(1, new Date(now.getTime() + 1));
  return slotKey(previous ?? now);
}

/** A slot's identity: its instant as ISO-8601 UTC to the second. */
export function slotKey(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** A slot named on the command line (`--slot`): an ISO-8601 instant, normalised to its key; anything else is refused. */
export function parseSlotOption(value: string): string {
  const date = /^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:?\d{2})$/.test(value.trim()) ? new Date(value.trim()) : undefined;
  if (!date || Number.isNaN(date.getTime())) {
    throw new LeadlineError("EINPUT", `--slot: expected an ISO-8601 instant such as 2026-11-25T07:00:00Z, got ${JSON.stringify(value)}`);
  }
  return slotKey(date);
}

export function nextRun(schedule: Schedule, now: Date): Date | null {
  return parseSchedule(schedule).nextRun(now);
}

function parseSchedule(schedule: Schedule): Cron {
  const problems = scheduleProblems(schedule);
  if (problems.length) throw new LeadlineError("ECONFIG", problems.map((problem) => `schedule: ${problem}`).join("; "));
  return new Cron(schedule.cron, { timezone: schedule.timezone, paused: true });
}

/** What is wrong with a schedule, a line per key ("cron: …", "timezone: …"); empty when croner accepts it. */
export function scheduleProblems({ cron, timezone }: Schedule): string[] {
  const zoneProblem = timezoneProblem(timezone);
  // The cron expression is checked in UTC when the zone is unusable, so both mistakes are reported at once.
  const cronProblem = cronExpressionProblem(cron, zoneProblem ? "UTC" : timezone);
  return [zoneProblem, cronProblem].filter((problem): problem is string => problem !== undefined);
}

function timezoneProblem(timezone: string): string | undefined {
  try {
    new Intl.DateTimeFormat("en", { timeZone: timezone });
    return undefined;
  } catch {
    return `timezone: expected an IANA time zone such as "America/New_York", got "${timezone}"`;
  }
}

function cronExpressionProblem(cron: string, timezone: string): string | undefined {
  // croner also takes a 7th field (year), with which "0 7 * * * * *" fires hourly: only 5 or 6 are cron as documented.
  const fields = cron.trim().split(/\s+/).filter(Boolean).length;
  if (fields !== 5 && fields !== 6) {
    return `cron: expected 5 fields (minute hour day-of-month month day-of-week) or 6 (seconds first), got ${fields} in "${cron}"`;
  }
  let job: Cron;
  try {
    job = new Cron(cron, { timezone, paused: true });
  } catch (error) {
    return `cron: expected a cron expression such as "0 7 * * *" (minute hour day-of-month month day-of-week, optionally seconds first), got "${cron}" (${(error as Error).message.replace(/^CronPattern: /, "")})`;
  }
  // Every 5- or 6-field expression repeats within four years (29 February), so none from 1970 on means never:
  // such a schedule has no slots, and every send would be a slot of its own.
  if (job.nextRun(new Date(0)) === null) return `cron: "${cron}" never fires: no month it names has that day of the month`;
  return undefined;
}
