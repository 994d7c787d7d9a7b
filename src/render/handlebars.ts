// A Handlebars environment of our own (partials, helpers), with errors that name the template file and line.
import Handlebars from "handlebars";
import { LeadlineError } from "../errors.ts";
import type { TemplateFile, Theme } from "./theme.ts";
import { wrapText } from "./wrapText.ts";

export type Renderer = (data: object) => string;

export interface ThemeRenderers {
  html: Renderer;
  text: Renderer;
}

export function compileTheme(theme: Theme): ThemeRenderers {
  const html = createEnvironment();
  for (const [name, partial] of theme.partials) {
    checkSyntax(partial);
    html.registerPartial(name, partial.source);
  }
  const text = createEnvironment();
  return {
    html: compileTemplate(html, theme.layout, {}),
    text: compileTemplate(text, theme.text, { noEscape: true }),
  };
}

/** A one-line template such as the subject; never HTML-escaped. */
export function compileInline(source: string, name: string): Renderer {
  return compileTemplate(createEnvironment(), { file: name, source }, { noEscape: true });
}

function createEnvironment(): typeof Handlebars {
  const hb = Handlebars.create();
  hb.registerHelper("upper", (value: unknown) => String(value ?? "").toUpperCase());
  // {{#underline "="}}Title{{/underline}}: the title, then a line of "=" as long as it.
  hb.registerHelper("underline", function (this: unknown, char: unknown, options: Handlebars.HelperOptions) {
    const title = options.fn(this).trim();
    return `${title}\n${String(char).repeat(Math.min(title.length, 76))}`;
  });
  hb.registerHelper("wrap", (value: unknown, ...rest: unknown[]) => {
    const indent = typeof rest[0] === "string" ? rest[0] : "";
    return wrapText(String(value ?? ""), 76 - indent.length).join(`\n${indent}`);
  });
  return hb;
}

function compileTemplate(hb: typeof Handlebars, template: TemplateFile, options: CompileOptions): Renderer {
  checkSyntax(template);
  const render = hb.compile(template.source, { ...options, strict: false });
  return (data) => {
    try {
      return render(data);
    } catch (error) {
      throw new LeadlineError("ETEMPLATE", `${template.file}: ${firstLine(error)}`);
    }
  };
}

type CompileOptions = Parameters<typeof Handlebars.compile>[1];

function checkSyntax(template: TemplateFile): void {
  try {
    Handlebars.parse(template.source);
  } catch (error) {
    const message = firstLine(error);
    const line = /on line (\d+)/.exec(message)?.[1] ?? (error as { lineNumber?: number }).lineNumber;
    const where = line === undefined ? template.file : `${template.file}:${line}`;
    const detail = String((error as Error).message).split("\n").slice(-1)[0] ?? message;
    throw new LeadlineError("ETEMPLATE", `${where}: Handlebars ${detail}`);
  }
}

function firstLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error).split("\n")[0] ?? "";
}
