// One line of the chaos report: what was tried, how much of it was survived, and every problem seen.
export interface ChaosRow {
  group: string;
  check: string;
  tried: number;
  survived: number;
  /** Figures worth printing: faults by kind, duplicates, losses, timings. */
  notes: string;
  /** Each way the run fell short; empty when the check passed. */
  problems: string[];
}

export function chaosRow(group: string, check: string, counts: { tried: number; survived: number }, problems: string[], notes = ""): ChaosRow {
  return { group, check, ...counts, notes, problems };
}

/** A Markdown table, so the same text goes to the terminal and into README. */
export function formatChaosTable(rows: readonly ChaosRow[]): string {
  const lines = ["| group | check | tried | survived | notes |", "|---|---|---:|---:|---|"];
  for (const row of rows) {
    const survived = row.tried === 0 ? "–" : `${row.survived}${row.problems.length ? " ✗" : ""}`;
    lines.push(`| ${row.group} | ${row.check} | ${row.tried} | ${survived} | ${row.notes.replaceAll("|", "/")} |`);
  }
  return lines.join("\n");
}
