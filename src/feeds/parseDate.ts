// Feed dates — RFC 822 with any zone, ISO 8601, and the broken variants CMSs write — to ISO-8601 UTC, without Date's local-time guessing.
const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/** Offsets in minutes: RFC 822's zones plus the abbreviations feeds use anyway. */
const ZONES: Record<string, number> = {
  ut: 0, utc: 0, gmt: 0, z: 0, wet: 0,
  est: -300, edt: -240, cst: -360, cdt: -300, mst: -420, mdt: -360, pst: -480, pdt: -420,
  akst: -540, akdt: -480, hst: -600, ast: -240, adt: -180, nst: -210, ndt: -150,
  bst: 60, west: 60, cet: 60, cest: 120, met: 60, mest: 120, eet: 120, eest: 180, msk: 180,
  ist: 330, pkt: 300, ict: 420, wib: 420, hkt: 480, sgt: 480, awst: 480,
  jst: 540, kst: 540, acst: 570, acdt: 630, aest: 600, aedt: 660, nzst: 720, nzdt: 780,
};

const RFC822 =
  /^(?:[a-z]+\.?,?\s*)?(?:(\d{1,2})(?:st|nd|rd|th)?[\s-]+([a-z]+)\.?|([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?)[\s-]+(\d{2,4}),?(?:\s+|T)(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(am|pm)?\s*(.*)$/i;
const DATE_ONLY = /^(?:[a-z]+\.?,?\s*)?(\d{1,2})[\s-]+([a-z]+)\.?[\s-]+(\d{4})$/i;
const ISO =
  /^(\d{4})-?(\d{2})-?(\d{2})(?:(?:T|\s+)(\d{1,2}):?(\d{2})(?::?(\d{2}))?(?:[.,]\d+)?)?\s*(z|utc|gmt|[+-]\d{1,2}(?::?\d{2})?)?$/i;

/** ISO-8601 UTC, or undefined when the text is not a date we can read with certainty. */
export function parseDate(raw: string | undefined): string | undefined {
  const text = raw?.trim().replace(/\s+/g, " ");
  if (!text) return undefined;
  return parseIso(text) ?? parseRfc822(text);
}

function parseIso(text: string): string | undefined {
  const m = ISO.exec(text);
  if (!m) return undefined;
  const offset = m[7] === undefined ? 0 : zoneOffset(m[7]);
  if (offset === undefined) return undefined;
  return build(+m[1]!, +m[2]! - 1, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), offset);
}

function parseRfc822(text: string): string | undefined {
  const dateOnly = DATE_ONLY.exec(text);
  if (dateOnly) return build(+dateOnly[3]!, month(dateOnly[2]!), +dateOnly[1]!, 0, 0, 0, 0);
  const m = RFC822.exec(text);
  if (!m) return undefined;
  const day = +(m[1] ?? m[4])!;
  const monthIndex = month((m[2] ?? m[3])!);
  let hour = +m[6]!;
  if (m[9]) hour = (hour % 12) + (m[9].toLowerCase() === "pm" ? 12 : 0);
  // A missing zone is taken as UTC: guessing the server's local time would be worse.
  const offset = m[10] ? zoneOffset(m[10]) : 0;
  if (offset === undefined) return undefined;
  return build(fullYear(m[5]!), monthIndex, day, hour, +m[7]!, +(m[8] ?? 0), offset);
}

function month(name: string): number {
  return MONTHS.indexOf(name.slice(0, 3).toLowerCase());
}

function fullYear(year: string): number {
  const n = +year;
  if (year.length === 4) return n;
  return n < 50 ? 2000 + n : 1900 + n;
}

/** "+0530", "-05:00", "+5", "EST", "GMT+2", "(UTC)", "Z"; single military letters other than Z are unreliable, so UTC. */
function zoneOffset(zone: string): number | undefined {
  const z = zone.replace(/[()]/g, "").trim().toLowerCase();
  if (z === "") return 0;
  const numeric = /^(?:gmt|utc|ut)?\s*([+-])(\d{1,2}):?(\d{2})?$/.exec(z);
  if (numeric) {
    const minutes = +numeric[2]! * 60 + +(numeric[3] ?? 0);
    return minutes > 14 * 60 ? undefined : (numeric[1] === "-" ? -1 : 1) * minutes;
  }
  if (/^[a-y]$/.test(z)) return 0;
  return ZONES[z.split(/\s/)[0]!];
}

function build(year: number, monthIndex: number, day: number, hour: number, minute: number, second: number, offsetMinutes: number): string | undefined {
  if (monthIndex < 0 || monthIndex > 11 || year < 1970 || year > 9999 || hour > 24 || minute > 59 || second > 60) return undefined;
  // Date.UTC rolls Feb 30 over to March; a day that does not exist is not a date.
  if (new Date(Date.UTC(year, monthIndex, day)).getUTCDate() !== day) return undefined;
  const local = Date.UTC(year, monthIndex, day, hour, minute, Math.min(second, 59));
  return new Date(local - offsetMinutes * 60_000).toISOString();
}
