// What templates see: the digest's stories made ready for email (tagged links, alt text, image sizes) and the issue's settings.
import type { LinksConfig, NewsletterConfig, ThemeConfig } from "../config/schema.ts";
import type { Digest, DigestStory } from "../digest/digest.ts";
import { tagLink, type UtmTags } from "./tagLink.ts";

/** Width of the content column the lead image fills (600 px body less 2 × 24 px padding). */
export const CONTENT_WIDTH = 552;

export interface TemplateStory extends Omit<DigestStory, "image"> {
  /**
   * `alt` is never empty (it falls back to the title); `caption` is the feed's own text; `credit` without a label of its own ("Photo: ");
   * `height` only when the feed gave the size;
   * `fillsColumn` unless the feed gave a width narrower than the column (such an image is shown at its own width, not stretched).
   */
  image?: { url: string; alt: string; caption?: string; credit?: string; width: number; height?: number; fillsColumn: boolean };
}

/** Fields that are the same for every recipient of the issue. */
export interface IssueFields {
  newsletter: NewsletterConfig;
  theme: ThemeConfig & { headingFont: string };
  date: string;
  /** YYYY-MM-DD of the issue, in the schedule's time zone. */
  issueDate: string;
  lead: TemplateStory;
  headlines: TemplateStory[];
  sections?: { title: string; headlines: TemplateStory[] }[];
  note?: string;
  archiveUrl?: string;
  /** The sides text starts and ends on, from `newsletter.dir`: MJML aligns with left/right, not start/end. */
  align: { start: "left" | "right"; end: "left" | "right" };
  /** True in the web version: no personal fields, no unsubscribe link. */
  web: boolean;
}

/** When an issue is dated: its schedule slot, seen in the schedule's time zone. */
export interface IssueTime {
  instant: string;
  timeZone: string;
}

export function issueFields(
  digest: Digest,
  settings: { newsletter: NewsletterConfig; theme: ThemeConfig; links: LinksConfig; archiveUrl?: string | undefined; issueTime: IssueTime; web: boolean },
): IssueFields {
  const { instant, timeZone } = settings.issueTime;
  // en-CA writes dates as YYYY-MM-DD.
  const issueDate = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(instant));
  const { newsletter, links } = settings;
  const utm: UtmTags | undefined = links.utm && {
    source: links.utm.source ?? newsletter.name,
    medium: links.utm.medium,
    campaign: links.utm.campaign ?? issueDate,
  };
  const prepare = (story: DigestStory) => templateStory(story, utm);
  const fields: IssueFields = {
    newsletter,
    theme: { ...settings.theme, headingFont: settings.theme.headingFont ?? settings.theme.font },
    date: formatIssueDate(instant, newsletter.lang, timeZone),
    issueDate,
    lead: prepare(digest.lead),
    headlines: digest.headlines.map(prepare),
    web: settings.web,
    align: newsletter.dir === "rtl" ? { start: "right", end: "left" } : { start: "left", end: "right" },
  };
  if (digest.sections) fields.sections = digest.sections.map((s) => ({ title: s.title, headlines: s.headlines.map(prepare) }));
  if (digest.note) fields.note = digest.note;
  if (settings.archiveUrl) fields.archiveUrl = settings.archiveUrl;
  return fields;
}

function templateStory(story: DigestStory, utm: UtmTags | undefined): TemplateStory {
  const { image, ...rest } = story;
  const out: TemplateStory = { ...rest, link: tagLink(story.link, utm) };
  if (story.alsoIn) out.alsoIn = story.alsoIn.map((other) => ({ ...other, link: tagLink(other.link, utm) }));
  if (image) out.image = templateImage(image, story.title);
  return out;
}

/** Alt text falls back to the title; an image of known size gets a height that keeps its shape. */
function templateImage(image: NonNullable<DigestStory["image"]>, title: string): NonNullable<TemplateStory["image"]> {
  const known = image.width !== undefined && image.height !== undefined && image.width > 0 && image.height > 0;
  const width = known ? Math.min(image.width!, CONTENT_WIDTH) : CONTENT_WIDTH;
  const caption = image.alt?.trim();
  const out: NonNullable<TemplateStory["image"]> = { url: image.url, alt: caption || title, width, fillsColumn: width === CONTENT_WIDTH };
  if (caption) out.caption = caption;
  if (known) out.height = Math.round((width * image.height!) / image.width!);
  const credit = creditName(image.credit ?? "");
  if (credit) out.credit = credit;
  return out;
}

// A label word at the start, followed by a separator or nothing: "Photograph: …", "Photo by …", "Credit - …", "Photo".
// Not a name that begins with one ("Picture Alliance", "Image Source").
const CREDIT_LABEL = /^(?:photo(?:graph)?s?|pictures?|images?|credits?)\b\s*(?:(?::|\bby\b|[-–—|])\s*|$)/i;

/** Who the credit names: the template writes its own "Photo:" label, so the feed's is dropped ("Photo" alone leaves nothing). */
function creditName(credit: string): string {
  return credit.trim().replace(CREDIT_LABEL, "").trim();
}

function formatIssueDate(iso: string, lang: string, timeZone: string): string {
  const format = (locale: string) =>
    new Intl.DateTimeFormat(locale, { dateStyle: "full", timeZone }).format(new Date(iso));
  try {
    return format(lang);
  } catch {
    return format("en");
  }
}
