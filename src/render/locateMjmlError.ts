// Turns a line of the expanded MJML document back into the template file and line that wrote it.
import type { Theme } from "./theme.ts";

/**
 * The expanded document mixes the layout and its partials, so each template line is matched against
 * the offending line with its `{{…}}` expressions as wildcards. A line no template wrote is quoted.
 */
export function locateMjmlError(theme: Theme, expanded: string, line: number): string {
  const offending = expanded.split("\n")[line - 1]?.trim() ?? "";
  for (const file of [theme.layout, ...theme.partials.values()]) {
    const lines = file.source.split("\n");
    const index = lines.findIndex((l) => hasMarkup(l) && linePattern(l.trim()).test(offending));
    if (index >= 0) return `${file.file}:${index + 1}`;
  }
  return `${theme.layout.file} (expanded line ${line}: ${offending.slice(0, 80)})`;
}

/** Lines that are only `{{…}}` expressions match anything; only lines with tags of their own count. */
function hasMarkup(templateLine: string): boolean {
  return templateLine.replace(/\{\{\{?[^}]*\}?\}\}/g, "").includes("<");
}

function linePattern(templateLine: string): RegExp {
  const pieces = templateLine.split(/\{\{\{?[^}]*\}?\}\}/);
  return new RegExp(`^${pieces.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`, "s");
}
