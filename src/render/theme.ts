// Finds the template files of a theme: the newsletter's own folder first, the default theme for the rest.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
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

/** `setting` is how an error names the config key (`leadline.config.yaml: template`). */
export function loadTheme(customDir?: string, setting = "template"): Theme {
  if (customDir !== undefined) checkThemeFolder(customDir, setting);
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

const TEMPLATE_FILE = /\.(mjml|hbs)$/;

/**
 * A folder that is not a theme would build the default design without a word: a file named
 * instead of its folder, the theme one folder down, partials beside the layout instead of in partials/.
 */
function checkThemeFolder(dir: string, setting: string): void {
  const fail = (why: string) => new LeadlineError("ETEMPLATE", `${setting}: ${dir}: ${why}`);
  if (!existsSync(dir)) throw fail("folder not found");
  if (!statSync(dir).isDirectory()) throw fail("is a file; expected the theme's folder (holding layout.mjml, text.hbs, partials/)");
  const entries = readdirSync(dir);
  const misplaced = entries.filter((entry) => TEMPLATE_FILE.test(entry) && entry !== "layout.mjml" && entry !== "text.hbs");
  if (misplaced.length > 0) throw fail(`${misplaced.join(", ")} would not be used: partials go in ${path.join(dir, "partials")}/`);
  const partialDir = path.join(dir, "partials");
  const partials = existsSync(partialDir) ? readdirSync(partialDir).filter((entry) => TEMPLATE_FILE.test(entry)) : [];
  if (!entries.includes("layout.mjml") && !entries.includes("text.hbs") && partials.length === 0) {
    throw fail("holds no template (layout.mjml, text.hbs or partials/*.mjml), so the default theme would be used unchanged");
  }
}
