// A Handlebars environment of our own (partials, helpers), with errors that name the template file and line.
import Handlebars from "handlebars";
import { LeadlineError } from "../errors.ts";
import { splitParagraphs } from "./splitParagraphs.ts";
import type { TemplateFile, Theme } from "./theme.ts";
import { wrapText } from "./wrapText.ts";

export type Renderer = (data: object) => string;

export interface ThemeRenderers {
  html: Renderer;
  text: Renderer;
}

export function compileTheme(theme: Theme): ThemeRenderers {
  const html = createEnvironment();
  // {{paragraphs note}}: an editor's line breaks and paragraphs kept, as <br> (each line escaped) or as lines of text.
  html.registerHelper("paragraphs", (value: unknown) =>
    new html.SafeString(splitParagraphs(String(value ?? "")).map((lines) => lines.map(html.escapeExpression).join("<br>")).join("<br><br>")),
  );
  // A partial may use an inline partial the template calling it defines: any file's count for all.
  const htmlFiles = [theme.layout, ...theme.partials.values()];
  const htmlKind = { html: true, partials: new Set([...theme.partials.keys(), ...htmlFiles.flatMap(inlinePartials)]) };
  for (const [name, partial] of theme.partials) {
    checkSyntax(html, partial, htmlKind);
    html.registerPartial(name, partial.source);
  }
  const text = createEnvironment();
  text.registerHelper("paragraphs", (value: unknown) =>
    splitParagraphs(String(value ?? "")).map((lines) => lines.map((line) => wrapIndented(line, "")).join("\n")).join("\n\n"),
  );
  return {
    html: compileTemplate(html, theme.layout, {}, htmlKind),
    text: compileTemplate(text, theme.text, { noEscape: true }),
  };
}

/** A one-line template such as the subject; never HTML-escaped. */
export function compileInline(source: string, name: string): Renderer {
  return compileTemplate(createEnvironment(), { file: name, source }, { noEscape: true });
}

/** What a template is checked against before it runs: HTML or text, and the partials it may name. */
interface TemplateKind {
  html: boolean;
  partials: ReadonlySet<string>;
}

function createEnvironment(): typeof Handlebars {
  const hb = Handlebars.create();
  hb.registerHelper("upper", (value: unknown) => String(value ?? "").toUpperCase());
  // {{#underline "="}}Title{{/underline}}: the title word-wrapped, then a line of "=" as long as its longest line.
  hb.registerHelper("underline", function (this: unknown, char: unknown, options: Handlebars.HelperOptions) {
    const lines = wrapText(options.fn(this), 76);
    const longest = Math.max(...lines.map((line) => line.length));
    return `${lines.join("\n")}\n${String(char).repeat(longest)}`;
  });
  // {{wrap text "  "}}, or {{#wrap "  "}}…{{/wrap}} for a line put together from several fields.
  hb.registerHelper("wrap", function (this: unknown, ...args: unknown[]) {
    const options = args.pop() as Handlebars.HelperOptions;
    const [text, indent] = options.fn ? [options.fn(this), args[0]] : [args[0], args[1]];
    return wrapIndented(String(text ?? ""), indent);
  });
  // {{textLink title url "  "}}: "Title <url>" word-wrapped; the URL is one word, so it is never split.
  hb.registerHelper("textLink", (title: unknown, url: unknown, ...rest: unknown[]) =>
    wrapIndented(`${String(title ?? "")} <${String(url ?? "")}>`, rest[0]),
  );
  return hb;
}

/** Lines under 78 columns; the optional string argument indents continuation lines. */
function wrapIndented(text: string, indentArg: unknown): string {
  const indent = typeof indentArg === "string" ? indentArg : "";
  return wrapText(text, 76 - indent.length).join(`\n${indent}`);
}

function compileTemplate(hb: typeof Handlebars, template: TemplateFile, options: CompileOptions, kind: TemplateKind = { html: false, partials: new Set() }): Renderer {
  checkSyntax(hb, template, kind);
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

function checkSyntax(hb: typeof Handlebars, template: TemplateFile, kind: TemplateKind): void {
  let program: hbs.AST.Program;
  try {
    program = Handlebars.parse(template.source);
  } catch (error) {
    const message = firstLine(error);
    const line = /on line (\d+)/.exec(message)?.[1] ?? (error as { lineNumber?: number }).lineNumber;
    const where = line === undefined ? template.file : `${template.file}:${line}`;
    const detail = String((error as Error).message).split("\n").slice(-1)[0] ?? message;
    throw new LeadlineError("ETEMPLATE", `${where}: Handlebars ${detail}`);
  }
  checkNames(hb, program, template, kind);
  if (kind.html) checkMjmlTagsClosed(template);
}

/**
 * MJML's parser closes a tag left open wherever it likes, and drops what it cannot place, without an
 * error: a headline's feed name, or every headline, went missing from an issue that built. So each
 * template file must close the mjml and mj- tags it opens, in order. Comments are left out. The
 * branches of an {{#if}} … {{else}} … {{/if}} each start from where the block began (each may open
 * the same tag its own way) and must leave the same tags open.
 */
function checkMjmlTagsClosed(template: TemplateFile): void {
  const blankOut = (text: string) => text.replace(/[^\n]/g, " ");
  const source = template.source.replace(/<!--[\s\S]*?-->|\{\{~?!--[\s\S]*?--~?\}\}|\{\{~?![\s\S]*?\}\}/g, blankOut);
  const lineAt = (index: number) => source.slice(0, index).split("\n").length;
  const fail = (line: number, why: string) => new LeadlineError("ETEMPLATE", `${template.file}:${line}: ${why}`);
  type Open = { name: string; line: number }[];
  const names = (tags: Open) => tags.map((tag) => `<${tag.name}>`).join(" ") || "none";
  let open: Open = [];
  const blocks: { line: number; start: Open; firstBranch?: Open }[] = [];
  // The first branch's open tags stand for the block's; any other branch must leave the same.
  const endBranch = (block: (typeof blocks)[number]) => {
    if (!block.firstBranch) return (block.firstBranch = open);
    if (names(open) !== names(block.firstBranch)) {
      throw fail(block.line, `the branches of this block leave different tags open (${names(block.firstBranch)} in the first, ${names(open)} in another), and MJML would close them anywhere`);
    }
    return block.firstBranch;
  };
  const quoted = (quote: string) => `${quote}(?:\\{\\{[\\s\\S]*?\\}\\}|[^${quote}])*${quote}`;
  const tokens = new RegExp(
    `\\{\\{~?\\s*(#|\\^|else\\b|\\/)([^}]*)\\}\\}|<(\\/?)(mjml|mj-[\\w-]+)\\b(?:\\{\\{[\\s\\S]*?\\}\\}|${quoted('"')}|${quoted("'")}|[^>"'{]|\\{)*?(\\/?)>`,
    "g",
  );
  for (const token of source.matchAll(tokens)) {
    const [, block, rest, closing, name, selfClosing] = token;
    // {{^}} alone is {{else}}; {{^name}} opens an inverted block.
    const isElse = block === "else" || (block === "^" && /^[\s~]*$/.test(rest ?? ""));
    if (isElse) {
      const current = blocks.at(-1);
      if (current) {
        endBranch(current);
        open = [...current.start];
      }
    } else if (block === "#" || block === "^") {
      blocks.push({ line: lineAt(token.index), start: [...open] });
    } else if (block === "/") {
      const current = blocks.pop();
      if (current) open = endBranch(current);
    } else if (name && !selfClosing) {
      if (!closing) {
        open.push({ name, line: lineAt(token.index) });
        continue;
      }
      const last = open.pop();
      if (last?.name !== name) {
        throw last
          ? fail(last.line, `<${last.name}> is not closed before </${name}> on line ${lineAt(token.index)}`)
          : fail(lineAt(token.index), `</${name}> closes a tag this file did not open`);
      }
    }
  }
  const unclosed = open.pop();
  if (unclosed) throw fail(unclosed.line, `<${unclosed.name}> is not closed`);
}

/**
 * Mistakes Handlebars finds only while rendering, and then blames on the layout without a line: a
 * partial or helper that does not exist. And {{{…}}} in the HTML, which would write feed text (a
 * title, a teaser) as markup: whatever a feed put in would reach every reader unsanitised (helpers
 * that make HTML, such as paragraphs, return it ready).
 */
function checkNames(hb: typeof Handlebars, program: hbs.AST.Program, template: TemplateFile, kind: TemplateKind): void {
  const fail = (node: hbs.AST.Node, why: string) => new LeadlineError("ETEMPLATE", `${template.file}:${node.loc.start.line}: ${why}`);
  const helperCall = (node: hbs.AST.MustacheStatement | hbs.AST.BlockStatement | hbs.AST.SubExpression) => {
    const name = node.path.type === "PathExpression" ? (node.path as hbs.AST.PathExpression).original : undefined;
    if (name !== undefined && (node.params.length > 0 || node.hash) && !(name in hb.helpers)) {
      throw fail(node, `there is no helper "${name}" (the helpers are ${Object.keys(hb.helpers).sort().join(", ")})`);
    }
  };
  const inline = new Set(inlinePartials(program));
  const visitor = new Handlebars.Visitor();
  const visitMustache = visitor.MustacheStatement.bind(visitor);
  visitor.MustacheStatement = (statement: hbs.AST.MustacheStatement) => {
    if (kind.html && !statement.escaped) {
      const written = template.source.split("\n")[statement.loc.start.line - 1]?.slice(statement.loc.start.column, statement.loc.end.column) ?? "{{{…}}}";
      throw fail(statement, `${written} writes its value unescaped, and feed text could bring its own HTML into every message; write {{…}} with two braces`);
    }
    helperCall(statement);
    visitMustache(statement);
  };
  const visitBlock = visitor.BlockStatement.bind(visitor);
  visitor.BlockStatement = (block: hbs.AST.BlockStatement) => {
    helperCall(block);
    visitBlock(block);
  };
  const visitSubExpression = visitor.SubExpression.bind(visitor);
  visitor.SubExpression = (expression: hbs.AST.SubExpression) => {
    helperCall(expression);
    visitSubExpression(expression);
  };
  visitor.PartialStatement = (partial: hbs.AST.PartialStatement) => {
    const name = partial.name.type === "PathExpression" ? (partial.name as hbs.AST.PathExpression).original : undefined;
    if (name === undefined || name.startsWith("@") || kind.partials.has(name) || inline.has(name)) return;
    const known = [...kind.partials, ...inline].sort();
    const offered = known.length ? `the partials are ${known.join(", ")}` : "this template has no partials";
    throw fail(partial, `there is no partial "${name}" (${offered})`);
  };
  visitor.accept(program);
}

function firstLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error).split("\n")[0] ?? "";
}

/** The partials a template defines for itself ({{#*inline "name"}}), wherever it defines them; none when it does not parse (checkSyntax says why). */
function inlinePartials(template: TemplateFile | hbs.AST.Program): string[] {
  let program: hbs.AST.Program;
  try {
    program = "type" in template ? template : Handlebars.parse(template.source);
  } catch {
    return [];
  }
  const names: string[] = [];
  const collector = new Handlebars.Visitor();
  const collectBlock = collector.DecoratorBlock.bind(collector);
  collector.DecoratorBlock = (block: hbs.AST.DecoratorBlock) => {
    const name = block.params[0];
    if (name?.type === "StringLiteral") names.push((name as hbs.AST.StringLiteral).value);
    collectBlock(block);
  };
  collector.accept(program);
  return names;
}
