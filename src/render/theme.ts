// Finds the template files of a theme: the newsletter's own folder first, the default theme for the rest.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { LeadlineError } from "../errors.ts";

export const DEFAULT_THEME_DIR = fileURLToPath(new URL("../../templates/", import.meta.url));

export interface TemplateFile {
  /** Path shown in error messages. */
  file: string;
  source: string;
}

export interface Theme {
  layout: TemplateFile;
  text: TemplateFile;
  partials: Map<string, TemplateFile>;
}

export function loadTheme(customDir?: string): Theme {
  if (customDir !== undefined && !existsSync(customDir)) {
    throw new LeadlineError("ETEMPLATE", `template folder not found: ${customDir}`);
  }
  const dirs = customDir === undefined ? [DEFAULT_THEME_DIR] : [customDir, DEFAULT_THEME_DIR];
  const pick = (name: string) => {
    const dir = dirs.find((d) => existsSync(path.join(d, name)));
    if (dir === undefined) throw new LeadlineError("ETEMPLATE", `template ${name} not found in ${dirs.join(" or ")}`);
    return readTemplate(path.join(dir, name));
  };
  const partials = new Map<string, TemplateFile>();
  for (const dir of [...dirs].reverse()) {
    const partialDir = path.join(dir, "partials");
    if (!existsSync(partialDir)) continue;
    for (const entry of readdirSync(partialDir).sort()) {
      if (!/\.(mjml|hbs)$/.test(entry)) continue;
      partials.set(entry.replace(/\.(mjml|hbs)$/, ""), readTemplate(path.join(partialDir, entry)));
    }
  }
  return { layout: pick("layout.mjml"), text: pick("text.hbs"), partials };
}

function readTemplate(file: string): TemplateFile {
  return { file: path.relative(process.cwd(), file) || file, source: readFileSync(file, "utf8") };
}
