// Looks for what a hostile feed must never get into a message: active HTML, dangerous URLs, injected headers, control characters.
import { decodeHTML } from "entities";
import { DomUtils, parseDocument } from "htmlparser2";
import type { Element } from "domhandler";

const ACTIVE_TAGS = new Set(["script", "iframe", "frame", "object", "embed", "applet", "svg", "math", "form", "base", "noscript", "mj-include", "mj-raw"]);
const URL_ATTRIBUTES = new Set(["href", "src", "action", "formaction", "background", "xlink:href", "srcset", "poster", "data", "content"]);
const BAD_SCHEME = /^(javascript|vbscript|data):/i;
/** C0 controls except tab and newline, DEL, and the bidi overrides and isolates used to disguise text. */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069]/u;
const marker = (text: string) => /XSS\d+/.exec(text)?.[0] ?? "unmarked";
const normaliseUrl = (value: string) => decodeHTML(value).replace(/[\u0000-\u0020]+/g, "");

/** Each survivor in rendered HTML, named by its vector's marker. Our own theme's head (style, meta) is allowed. */
export function findHtmlSurvivors(html: string): string[] {
  const survivors: string[] = [];
  const document = parseDocument(html);
  for (const element of DomUtils.findAll(() => true, document.children) as Element[]) {
    const name = element.name.toLowerCase();
    const text = DomUtils.textContent(element);
    if (ACTIVE_TAGS.has(name)) survivors.push(`<${name}> ${marker(text + JSON.stringify(element.attribs))}`);
    if (name === "style" && /XSS\d+|expression\s*\(|javascript:/i.test(text)) survivors.push(`<style> content ${marker(text)}`);
    for (const [attribute, value] of Object.entries(element.attribs)) {
      const lower = attribute.toLowerCase();
      if (lower.startsWith("on")) survivors.push(`${lower}= on <${name}> ${marker(value)}`);
      if (URL_ATTRIBUTES.has(lower) && BAD_SCHEME.test(normaliseUrl(value)) && !isOwnMeta(name, lower)) survivors.push(`${lower}="${value.slice(0, 40)}" ${marker(value)}`);
      if (lower === "style" && /expression\s*\(|javascript:|vbscript:|XSS\d+/i.test(decodeHTML(value))) survivors.push(`style="${value.slice(0, 40)}" ${marker(value)}`);
      if (CONTROL.test(value)) survivors.push(`control character in ${lower} ${marker(value)}`);
    }
  }
  survivors.push(...findTextSurvivors(DomUtils.textContent(document), "HTML text"));
  return survivors;
}

/** The theme's own <meta content="…"> values are not URLs (only http-equiv refresh is, and the theme has none). */
function isOwnMeta(tag: string, attribute: string): boolean {
  return tag === "meta" && attribute === "content";
}

/** Plain text (the text part, or an HTML document's text): control characters, bidi overrides, script URLs, included files. */
export function findTextSurvivors(text: string, where: string): string[] {
  const survivors: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (CONTROL.test(line.replace(/\r$/, ""))) survivors.push(`${where}: control character in "${line.slice(0, 40)}" ${marker(line)}`);
    if (/(javascript|vbscript):|data:text/i.test(line)) survivors.push(`${where}: script URL in "${line.slice(0, 40)}" ${marker(line)}`);
    if (/root:.*:0:0:/.test(line)) survivors.push(`${where}: /etc/passwd included`);
  }
  return survivors;
}

/** Header lines of a raw message: only the ones we write, none carrying a marker or control character. */
export function findHeaderSurvivors(raw: string, expected: ReadonlySet<string>): string[] {
  const head = raw.slice(0, raw.indexOf("\r\n\r\n"));
  const survivors: string[] = [];
  for (const line of head.split(/\r\n(?![ \t])/)) {
    const name = line.slice(0, line.indexOf(":")).toLowerCase();
    if (!expected.has(name)) survivors.push(`header "${line.slice(0, 60)}" ${marker(line)}`);
    if (/XSS\d+/.test(line) && name !== "subject") survivors.push(`header ${name} carries ${marker(line)}`);
    if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(line)) survivors.push(`control character in header ${name}`);
  }
  return survivors;
}
