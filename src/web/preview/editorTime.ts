// Instants on the editor's page, as an editor reads them: in the schedule's time zone, the zone named.

/**
 * `2026-11-25T12:00:00Z` in Europe/Berlin → `Wed, 25 Nov 2026, 13:00 CET (Europe/Berlin)`. An editor
 * thinks in the newsroom's time (the one schedule.cron is written in), not in UTC; the exact instant
 * stays in the `<time datetime>` attribute.
 */
export function editorTime(instant: string | Date, timeZone: string): string {
  const text = new Intl.DateTimeFormat("en-GB", {
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone,
    timeZoneName: "short",
  }).format(new Date(instant));
  return timeZone === "UTC" ? text : `${text} (${timeZone})`;
}
