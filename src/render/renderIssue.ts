// Renders a digest once per issue (Handlebars, then MJML), leaving holes for the per-recipient fields.
import { DEFAULT_BUDGET, DEFAULT_LINKS, DEFAULT_THEME } from "../config/schema.ts";
import type { BudgetConfig, LinksConfig, NewsletterConfig, ThemeConfig } from "../config/schema.ts";
import type { Digest } from "../digest/digest.ts";
import { LeadlineError } from "../errors.ts";
import type { Logger } from "../logger.ts";
import { checkHtmlBudget } from "./checkHtmlBudget.ts";
import { compileInline, compileTheme } from "./handlebars.ts";
import { locateMjmlError } from "./locateMjmlError.ts";
import { compileMjml, type MjmlCompiler } from "./mjml.ts";
import { createMarkers, toSpliceable, type Spliceable } from "./personalFields.ts";
import { issueFields, type IssueTime } from "./templateData.ts";
import { loadTheme, type Theme } from "./theme.ts";

/** An issue ready to personalise: compiled HTML, text and subject with holes for personal fields. */
export interface RenderedIssue {
  subject: Spliceable;
  /** The hidden preview text inboxes show after the subject. */
  preheader: Spliceable;
  html: Spliceable;
  text: Spliceable;
  /** Bytes of the HTML before personal fields are filled in. */
  htmlBytes: number;
}

export interface RenderOptions {
  newsletter: NewsletterConfig;
  theme?: ThemeConfig;
  links?: LinksConfig;
  /** HTML size limits; over `maxKb` the render fails (or warns when `enforce` is false). */
  budget?: BudgetConfig;
  /** The newsletter's own template folder; the default theme fills the gaps. */
  templateDir?: string | undefined;
  /** Names of imported subscriber fields templates may use besides email and name. */
  subscriberFields?: readonly string[];
  /** This issue's web version ("view in browser"), when an archive is published. */
  archiveUrl?: string | undefined;
  /** The issue's date is its schedule slot's, in the schedule's time zone (default: the digest's clock, UTC). */
  issueTime?: IssueTime;
  log?: Logger;
  /** A compiler kept open across renders (a build, the preview); without it each render starts and ends its own. */
  mjml?: MjmlCompiler;
  /** The config file the settings came from: an error in one of them (newsletter.subject, template) names it. */
  configFile?: string | undefined;
}

/** A setting as an error names it: `leadline.config.yaml: newsletter.subject`, or the key alone. */
function setting(options: RenderOptions, key: string): string {
  return options.configFile ? `${options.configFile}: ${key}` : key;
}

/** Personal fields as the templates see them: markers in an email, empty in the web version. */
interface Personal {
  subscriber: Record<string, string>;
  unsubscribeUrl: string;
}

export async function renderIssue(digest: Digest, options: RenderOptions): Promise<RenderedIssue> {
  const markers = createMarkers();
  const subscriber: Record<string, string> = {};
  // A field with a default is personal even when no subscriber has it yet: every reader gets the default.
  for (const field of new Set(["email", "name", ...(options.subscriberFields ?? []), ...Object.keys(options.newsletter.fieldDefaults ?? {})])) {
    subscriber[field] = markers.mark(`subscriber.${field}`);
  }
  const rendered = await renderParts(digest, options, { subscriber, unsubscribeUrl: markers.mark("unsubscribeUrl") }, false);
  const htmlBytes = Buffer.byteLength(rendered.html);
  checkHtmlBudget(htmlBytes, options.budget ?? DEFAULT_BUDGET, options.log);
  const spliceable = (text: string, where: string) => {
    const pieces = toSpliceable(text, markers.nonce);
    const changed = pieces.parts.map((part) => changedMarker(part, markers.nonce)).find((field) => field !== undefined);
    if (changed !== undefined) {
      throw new LeadlineError(
        "ETEMPLATE",
        `${where}: ${changed} is changed by a helper before it has a value (personal fields are filled in for each reader after the templates run): write {{${changed}}} as it is`,
      );
    }
    return pieces;
  };
  return {
    subject: spliceable(rendered.subject, setting(options, "newsletter.subject")),
    preheader: spliceable(rendered.preheader, setting(options, "newsletter.preheader")),
    html: spliceable(rendered.html, "the HTML templates (layout.mjml, partials/)"),
    text: spliceable(rendered.text, "text.hbs"),
    htmlBytes,
  };
}

/**
 * The field of a marker a helper changed (upper-cased, cut short, …), which toSpliceable does not
 * find and a reader would get as it is; its random nonce, in any case, gives it away.
 */
function changedMarker(text: string, nonce: string): string | undefined {
  const at = text.toLowerCase().indexOf(nonce.slice(0, 8));
  if (at < 0) return undefined;
  const field = /^[0-9a-f]*:?([\w.-]*)/i.exec(text.slice(at + 8).toLowerCase())?.[1];
  return field || "a personal field";
}

/** The standalone web version of the issue: same templates with `web` set and no personal data. */
export async function renderWebVersion(digest: Digest, options: RenderOptions): Promise<string> {
  return (await renderParts(digest, options, { subscriber: {}, unsubscribeUrl: "" }, true)).html;
}

async function renderParts(digest: Digest, options: RenderOptions, personal: Personal, web: boolean) {
  const theme = loadTheme(options.templateDir, setting(options, "template"));
  const renderers = compileTheme(theme);
  const fields = issueFields(digest, {
    newsletter: options.newsletter,
    theme: options.theme ?? DEFAULT_THEME,
    links: options.links ?? DEFAULT_LINKS,
    archiveUrl: options.archiveUrl,
    issueTime: options.issueTime ?? { instant: digest.generatedAt, timeZone: "UTC" },
    web,
  });
  const base = { ...fields, ...personal };
  const subject = digest.subject !== undefined ? editorSubject(digest.subject, personal) : compileInline(options.newsletter.subject, setting(options, "newsletter.subject"))(base);
  if (subject.includes("\n")) throw new LeadlineError("ETEMPLATE", `${setting(options, "newsletter.subject")}: must be one line`);
  const preheader = options.newsletter.preheader
    ? compileInline(options.newsletter.preheader, setting(options, "newsletter.preheader"))(base)
    : digest.lead.teaser;
  const data = { ...base, subject, preheader: preheader.replace(/\s+/g, " ").trim() };
  const mjml = renderers.html(data);
  const describe = (line: number) => locateMjmlError(theme, mjml, line);
  const html = await (options.mjml ? options.mjml.compile(mjml, describe) : compileMjml(mjml, describe));
  return { subject, preheader: data.preheader, html, text: renderers.text(data) };
}

/**
 * An editor's subject (leadline preview) is their words, not a template: a headline they paste with
 * braces in it is sent as it is. Only `{{subscriber.field}}` is filled in, per reader, as in
 * newsletter.subject (the editor's field starts with the template's subject in that form); a field
 * the reader lacks is left empty, as Handlebars leaves it.
 */
function editorSubject(subject: string, personal: Personal): string {
  return subject.replace(/\{\{\s*subscriber\.([\w-]+)\s*\}\}/g, (_, field: string) => personal.subscriber[field] ?? "");
}

export type { Theme };
