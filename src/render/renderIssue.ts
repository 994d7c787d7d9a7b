// Renders a digest once per issue (Handlebars, then MJML), leaving holes for the per-recipient fields.
import type { NewsletterConfig } from "../config/schema.ts";
import type { Digest } from "../digest/digest.ts";
import { LeadlineError } from "../errors.ts";
import { compileInline, compileTheme } from "./handlebars.ts";
import { compileMjml } from "./mjml.ts";
import { createMarkers, toSpliceable, type Spliceable } from "./personalFields.ts";
import { loadTheme, type Theme } from "./theme.ts";
import { locateMjmlError } from "./locateMjmlError.ts";

/** An issue ready to personalise: compiled HTML, text and subject with holes for personal fields. */
export interface RenderedIssue {
  subject: Spliceable;
  html: Spliceable;
  text: Spliceable;
  /** Bytes of the HTML before personal fields are filled in. */
  htmlBytes: number;
}

export interface RenderOptions {
  newsletter: NewsletterConfig;
  /** The newsletter's own template folder; the default theme fills the gaps. */
  templateDir?: string | undefined;
  /** Names of imported subscriber fields templates may use besides email and name. */
  subscriberFields?: readonly string[];
}

export async function renderIssue(digest: Digest, options: RenderOptions): Promise<RenderedIssue> {
  const theme = loadTheme(options.templateDir);
  const renderers = compileTheme(theme);
  const markers = createMarkers();
  const subscriber: Record<string, string> = {};
  for (const field of ["email", "name", ...(options.subscriberFields ?? [])]) {
    subscriber[field] = markers.mark(`subscriber.${field}`);
  }
  const base = {
    newsletter: options.newsletter,
    date: formatIssueDate(digest.generatedAt, options.newsletter.lang),
    lead: digest.lead,
    headlines: digest.headlines,
    subscriber,
    unsubscribeUrl: markers.mark("unsubscribeUrl"),
  };
  const subject = compileInline(options.newsletter.subject, "newsletter.subject")(base);
  const data = { ...base, subject, preheader: digest.lead.teaser };
  const mjml = renderers.html(data);
  const html = await compileMjml(mjml, (line) => locateMjmlError(theme, mjml, line));
  const text = renderers.text(data);
  if (subject.includes("\n")) throw new LeadlineError("ETEMPLATE", "newsletter.subject: must be one line");
  return {
    subject: toSpliceable(subject, markers.nonce),
    html: toSpliceable(html, markers.nonce),
    text: toSpliceable(text, markers.nonce),
    htmlBytes: Buffer.byteLength(html),
  };
}

function formatIssueDate(iso: string, lang: string): string {
  const format = (locale: string) =>
    new Intl.DateTimeFormat(locale, { dateStyle: "full", timeZone: "UTC" }).format(new Date(iso));
  try {
    return format(lang);
  } catch {
    return format("en");
  }
}

export type { Theme };
