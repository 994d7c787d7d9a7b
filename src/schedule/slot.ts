// Schedule slots: the cron firing an issue belongs to, so a late or repeated run finds the same issue.
import { Cron, type CronOptions } from "croner";
import { LeadlineError } from "../errors.ts";

export interface Schedule {
  cron: string;
  timezone: string;
}

/** The latest firing of the schedule at or before `now`, as an ISO-8601 UTC string. */
export function currentSlot(schedule: Schedule, now: Date): string {
  return slotKey(latestFiring(parseSchedule(schedule), now) ?? now);
}

function latestFiring(job: Cron, at: Date): Date | undefined {
  // previousRuns looks strictly before its reference; a run exactly at `at` counts too.
  return job.previousRuns(1, new Date(at.getTime() + 1))[0];
}

/** A slot's identity: its instant as ISO-8601 UTC to the second. */
export function slotKey(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * A slot named on the command line (`--slot`), normalised to its key. Only an ISO-8601 instant that
 * is a firing of the schedule, or the slot of a stored issue, is taken: a hold or approval of any other instant would stop or allow
 * nothing, and a send of one would be a second issue under a slot of its own.
 */
export function parseSlotOption(value: string, schedule: Schedule, now: Date, hasIssue: (slot: string) => boolean = () => false): string {
  const job = parseSchedule(schedule);
  const cron = `schedule.cron "${schedule.cron}" in ${schedule.timezone}`;
  const date = /^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:?\d{2})$/.test(value.trim()) ? new Date(value.trim()) : undefined;
  if (!date || Number.isNaN(date.getTime())) {
    const example = latestFiring(job, now) ?? job.nextRun(now)!;
    throw new LeadlineError("EINPUT", `--slot: expected an ISO-8601 instant that is a slot of ${cron}, such as ${describeSlot(example, schedule.timezone)}, got ${JSON.stringify(value)}`);
  }
  // A slot whose issue is stored stays nameable after schedule.cron changed: it may have to be finished.
  if (latestFiring(job, date)?.getTime() !== date.getTime() && !hasIssue(slotKey(date))) {
    const before = job.previousRuns(1, date)[0];
    const after = job.nextRun(date);
    const nearest = [before && `${describeSlot(before, schedule.timezone)} before it`, after && `${describeSlot(after, schedule.timezone)} after it`].filter(Boolean);
    throw new LeadlineError("EINPUT", `--slot: ${value.trim()} is not a slot of ${cron}; the nearest are ${nearest.join(" and ")}`);
  }
  return slotKey(date);
}

/** `2026-11-30T12:00:00Z (2026-11-30T07:00:00-05:00)`: the slot key, and the same instant in local time when that differs. */
function describeSlot(date: Date, timezone: string): string {
  const local = localInstant(date, timezone);
  return local.endsWith("+00:00") ? slotKey(date) : `${slotKey(date)} (${local})`;
}

/** The instant written in the zone's local time with its UTC offset, which `--slot` takes as it is. */
function localInstant(date: Date, timeZone: string): string {
  const format = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    timeZoneName: "longOffset",
  });
  const part = Object.fromEntries(format.formatToParts(date).map((p) => [p.type, p.value]));
  // "GMT-05:00", or a bare "GMT" at offset zero.
  const offset = part.timeZoneName === "GMT" ? "+00:00" : part.timeZoneName!.replace("GMT", "");
  return `${part.year}-${part.month}-${part.day}T${part.hour}:${part.minute}:${part.second}${offset}`;
}

export function nextRun(schedule: Schedule, now: Date): Date | null {
  return parseSchedule(schedule).nextRun(now);
}

function parseSchedule(schedule: Schedule): Cron {
  const problems = scheduleProblems(schedule);
  if (problems.length) throw new LeadlineError("ECONFIG", problems.map((problem) => `schedule: ${problem}`).join("; "));
  return cronJob(schedule);
}

/**
 * The schedule as croner runs it, for slots and for the daemon's timer alike. A time named in the
 * cron (`30 2,14 * * *` as much as `30 2 * * *`) fires once when clocks go back and just after the gap
 * when they go forward, as Vixie cron does. croner's default treats a list or range of hours as an
 * interval: two issues on the morning clocks go back, none on the morning they go forward.
 */
export function cronJob(schedule: Schedule, options: CronOptions = { paused: true }, run?: () => void): Cron {
  const settings: CronOptions = { ...options, timezone: schedule.timezone, fixedTimeRule: "no-wildcard" };
  return run ? new Cron(expandNickname(schedule.cron), settings, run) : new Cron(expandNickname(schedule.cron), settings);
}

/**
 * Hours from a slot to `now` on the zone's clock: the day before's slot of a daily schedule is 24 h
 * old on the mornings clocks go forward (23 h of real time) or back (25 h).
 */
export function localHoursBetween(slot: string, now: Date, timezone: string): number {
  const wallClock = (date: Date) => Date.parse(`${localInstant(date, timezone).slice(0, 19)}Z`) + (date.getTime() % 1000);
  return (wallClock(now) - wallClock(new Date(slot))) / 3_600_000;
}

/** Vixie cron's nicknames, which crontab users write without thinking; @reboot has no slots and is refused. */
const NICKNAMES: Record<string, string> = {
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
  "@monthly": "0 0 1 * *",
  "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@hourly": "0 * * * *",
};

/** The 5-field expression for a nickname; any other expression as it is. */
export function expandNickname(cron: string): string {
  return NICKNAMES[cron.trim().toLowerCase()] ?? cron;
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

function cronExpressionProblem(written: string, timezone: string): string | undefined {
  if (written.trim().startsWith("@") && !(written.trim().toLowerCase() in NICKNAMES)) {
    return `cron: "${written.trim()}" is not a schedule Leadline can use; the nicknames it takes are ${Object.keys(NICKNAMES).join(", ")}`;
  }
  const cron = expandNickname(written);
  // croner also takes a 7th field (year), with which "0 7 * * * * *" fires hourly: only 5 or 6 are cron as documented.
  const fields = cron.trim().split(/\s+/).filter(Boolean).length;
  if (fields !== 5 && fields !== 6) {
    return `cron: expected 5 fields (minute hour day-of-month month day-of-week) or 6 (seconds first), got ${fields} in "${cron}"`;
  }
  let job: Cron;
  try {
    job = cronJob({ cron, timezone });
  } catch (error) {
    return `cron: expected a cron expression such as "0 7 * * *" (minute hour day-of-month month day-of-week, optionally seconds first), got "${cron}" (${(error as Error).message.replace(/^CronPattern: /, "")})`;
  }
  // Every 5- or 6-field expression repeats within four years (29 February), so none from 1970 on means never:
  // such a schedule has no slots, and every send would be a slot of its own.
  if (job.nextRun(new Date(0)) === null) return `cron: "${cron}" never fires: no month it names has that day of the month`;
  return undefined;
}
