// Where an issue's web version lives: one file per schedule slot under newsletter.archiveUrl.

/** `2026-11-25T12:00:00Z` → `2026-11-25-1200.html` (UTC), so two issues on one day get two files. */
export function archiveFileName(slot: string): string {
  const date = new Date(slot);
  if (Number.isNaN(date.getTime())) throw new Error(`archiveFileName: not a date: ${slot}`);
  const iso = date.toISOString();
  return `${iso.slice(0, 10)}-${iso.slice(11, 13)}${iso.slice(14, 16)}.html`;
}

/** The "view in browser" URL, or undefined when no archive is published. */
export function archiveUrlFor(base: string | undefined, slot: string): string | undefined {
  if (base === undefined) return undefined;
  return new URL(archiveFileName(slot), base.endsWith("/") ? base : `${base}/`).toString();
}
