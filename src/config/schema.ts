// The configuration file's shape: one zod schema, the types inferred from it, defaults in one place.
import { z } from "zod";
import { scheduleProblems } from "../schedule/slot.ts";
import { smtpUrlProblem } from "./smtpUrlProblem.ts";
import { FIELD_NAME } from "../subscribers/fieldName.ts";

const URL_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/** An http(s) URL, or anything without a scheme, which is a file path relative to the config. */
function isFeedLocation(value: string): boolean {
  if (!URL_SCHEME.test(value)) return value.trim().length > 0;
  return isHttpUrl(value);
}

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

const httpUrl = z.string().refine(isHttpUrl, { message: "expected a URL (http or https)" });

const emailAddressWithName = z
  .string()
  .regex(/^(?:[^<>\r\n]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/, {
    message: 'expected an address such as "Name <news@example.org>"',
  });

/** One feed (`url`), or a list of feeds read from an OPML file (`opml`). */
const feed = z
  .strictObject({
    url: z.string().refine(isFeedLocation, { message: "expected a URL (http or https) or a file path" }).optional(),
    opml: z.string().min(1).optional(),
    name: z.string().min(1).optional(),
    weight: z.number().positive().default(1),
  })
  .superRefine((value, ctx) => {
    if (value.url === undefined && value.opml === undefined) ctx.addIssue({ code: "custom", path: ["url"], message: "required (or opml: a file of feeds)" });
    if (value.url !== undefined && value.opml !== undefined) ctx.addIssue({ code: "custom", path: ["opml"], message: "give either url or opml, not both" });
    if (value.opml !== undefined && value.name !== undefined) {
      ctx.addIssue({ code: "custom", path: ["name"], message: "not used with opml: each feed is named by its OPML outline" });
    }
  });

const newsletter = z.strictObject({
  name: z.string().min(1),
  from: emailAddressWithName,
  siteUrl: httpUrl,
  replyTo: emailAddressWithName.optional(),
  /** Handlebars; sees the issue (newsletter, lead, date) and the subscriber. */
  subject: z.string().min(1).default("{{newsletter.name}}: {{lead.title}}"),
  lang: z.string().min(2).default("en"),
  dir: z.enum(["ltr", "rtl"]).default("ltr"),
  postalAddress: z.string().optional(),
  /** Hidden preview text after the subject in inboxes; Handlebars like the subject. Unset: the lead's teaser. */
  preheader: z.string().min(1).optional(),
  /** Base URL where the web versions written by `leadline build` are published ("view in browser"). */
  archiveUrl: httpUrl.optional(),
  /** A personal field's text for a subscriber who has none ({ name: "reader" }: "Hello reader", not "Hello ,"). */
  fieldDefaults: z.record(z.string().regex(FIELD_NAME, { message: "expected a field name (letters, digits, _ or -)" }), z.string()).default({}),
});

const color = z.string().regex(/^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i, { message: 'expected a hex colour such as "#0b5cad"' });

/** A CSS font stack; quotes and other markup characters would break the MJML attribute it goes into. */
const fontStack = z.string().regex(/^[\w ,'-]+$/, { message: "expected a font stack such as \"Georgia, 'Times New Roman', serif\"" });

const palette = (defaults: { background: string; surface: string; text: string; muted: string; link: string }) => {
  const schema = z.strictObject({
    background: color.default(defaults.background),
    surface: color.default(defaults.surface),
    text: color.default(defaults.text),
    muted: color.default(defaults.muted),
    link: color.default(defaults.link),
  });
  return schema.default(schema.parse({}));
};

const theme = z.strictObject({
  brandColor: color.default("#0b5cad"),
  /** Shown in the header instead of the name; width and height are needed so clients reserve the space. */
  logo: z
    .strictObject({
      url: httpUrl,
      width: z.number().int().min(16).max(552),
      height: z.number().int().min(8).max(400),
    })
    .optional(),
  font: fontStack.default("Georgia, 'Times New Roman', serif"),
  headingFont: fontStack.optional(),
  light: palette({ background: "#f4f4f2", surface: "#ffffff", text: "#1f2328", muted: "#57606a", link: "#0b5cad" }),
  dark: palette({ background: "#0d1117", surface: "#161b22", text: "#e6edf3", muted: "#9198a1", link: "#58a6ff" }),
});

const utm = z.strictObject({
  source: z.string().min(1).optional(),
  medium: z.string().min(1).default("email"),
  campaign: z.string().min(1).optional(),
});

const links = z.strictObject({
  /** When set, article links get utm_source/utm_medium/utm_campaign (links that already have them keep theirs). */
  utm: utm.optional(),
});

const budget = z
  .strictObject({
    warnKb: z.number().positive().default(90),
    maxKb: z.number().positive().default(102),
    /** false: an issue over maxKb is only a warning. */
    enforce: z.boolean().default(true),
  })
  .superRefine((value, ctx) => {
    // Above the limit, the warning could never come before the refusal.
    if (value.warnKb > value.maxKb) ctx.addIssue({ code: "custom", path: ["warnKb"], message: `expected at most budget.maxKb (${value.maxKb}), got ${value.warnKb}` });
  });

const digest = z.strictObject({
  headlines: z.number().int().min(0).max(50).default(8),
  teaserLength: z.number().int().min(20).max(1000).default(160),
  leadTeaserLength: z.number().int().min(20).max(2000).default(320),
  /** Unset: no age limit (the sample feeds have fixed dates, so a default limit would empty them one day). */
  maxAgeHours: z.number().positive().optional(),
  minNewArticles: z.number().int().min(1).default(1),
  recencyHalfLifeHours: z.number().positive().default(12),
  duplicateThreshold: z.number().gt(0).max(1).default(0.55),
  relatedThreshold: z.number().gt(0).max(1).default(0.1),
  sections: z.enum(["none", "feed", "category"]).default("none"),
});

const schedule = z
  .strictObject({
    cron: z.string().min(1).default("0 7 * * *"),
    timezone: z.string().min(1).default("UTC"),
    /** A slot found this late (after downtime, or a late cron call) is still sent; older ones are skipped. */
    graceMinutes: z.number().min(0).default(120),
    requireApproval: z.boolean().default(false),
    /** How long after the slot an issue may wait for approval. */
    approvalDeadlineMinutes: z.number().min(0).default(60),
    /** What happens to an unapproved issue at the deadline. */
    onDeadline: z.enum(["skip", "send"]).default("skip"),
    /** The send lease's lifetime; a live holder renews it, a dead one's expires. */
    leaseSeconds: z.number().int().min(5).default(60),
    /** How long a second `send` waits for the lease before giving up. */
    lockWaitSeconds: z.number().min(0).default(600),
  })
  .superRefine((value, ctx) => {
    for (const problem of scheduleProblems(value)) {
      const [key, ...rest] = problem.split(": ");
      ctx.addIssue({ code: "custom", path: [key!], message: rest.join(": ") });
    }
    // Both would pass for settings and send nothing, found out only on the morning nothing went out.
    if (value.graceMinutes === 0) {
      ctx.addIssue({ code: "custom", path: ["graceMinutes"], message: "expected a number greater than 0, got 0: a scheduled run always starts a little after its slot, so it would skip every slot" });
    }
    // The send after an approval, or at the deadline, needs the grace period still open: a minute at
    // least, as the daemon looks again every 15 s and a cron line every few minutes.
    // Measured against a grace of 0 the deadline would be "at most -1": that grace's own error says it all.
    if (value.requireApproval && value.graceMinutes > 0 && value.approvalDeadlineMinutes > value.graceMinutes - 1) {
      ctx.addIssue({
        code: "custom",
        path: ["approvalDeadlineMinutes"],
        message: `expected at most schedule.graceMinutes less 1 (${value.graceMinutes - 1}), got ${value.approvalDeadlineMinutes}: a slot is skipped once its grace period is over, so an approval or the deadline's send after that would send nothing`,
      });
    }
  });

const smtp = z.strictObject({
  /** smtp://user:pass@host:587 or smtps://…; LEADLINE_SMTP_URL overrides it. Unset: the built-in mail catcher. */
  url: z
    .string()
    .superRefine((value, ctx) => {
      const problem = smtpUrlProblem(value);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    })
    .optional(),
  maxConnections: z.number().int().min(1).max(64).default(4),
  /** Messages per second across the pool; unset sends as fast as the server takes them. */
  rateLimit: z.number().positive().optional(),
  retries: z.number().int().min(0).max(10).default(3),
  /** First retry delay; each further retry waits twice as long. */
  retryDelayMs: z.number().int().min(0).max(600_000).default(1000),
});

const dkim = z.strictObject({
  domain: z.string().min(1),
  selector: z.string().min(1),
  /** PEM file; LEADLINE_DKIM_PRIVATE_KEY (the PEM text) takes its place. */
  privateKeyFile: z.string().min(1).optional(),
});

const fetchOptions = z.strictObject({
  timeoutMs: z.number().int().positive().default(15_000),
  maxBytes: z.number().int().positive().default(10 * 1024 * 1024),
  concurrency: z.number().int().min(1).max(64).default(8),
  /** Feeds fetched at once in all, whatever their hosts: sockets, and bodies of up to maxBytes, held at once. */
  totalConcurrency: z.number().int().min(1).max(1024).default(128),
  /** Longest Retry-After (on 429/503) a fetch waits for once before counting the feed as failed. */
  maxRetryAfterMs: z.number().int().min(0).default(30_000),
});

const server = z.strictObject({
  /** Where subscribers reach Leadline's web server (unsubscribe links). */
  publicUrl: httpUrl.default("http://127.0.0.1:8025"),
  host: z.string().min(1).default("127.0.0.1"),
  port: z.number().int().min(0).max(65535).default(8025),
});

export const configSchema = z.strictObject({
  newsletter,
  feeds: z.array(feed).min(1, { message: "expected at least one feed" }),
  digest: digest.default(digest.parse({})),
  schedule: schedule.default(schedule.parse({})),
  store: z.string().min(1).default("data/leadline.db"),
  smtp: smtp.default(smtp.parse({})),
  dkim: dkim.optional(),
  fetch: fetchOptions.default(fetchOptions.parse({})),
  server: server.default(server.parse({})),
  theme: theme.default(theme.parse({})),
  links: links.default(links.parse({})),
  /** HTML size limits: Gmail clips messages over 102 KB. */
  budget: budget.default(budget.parse({})),
  /** Folder of templates; partials it lacks come from the default theme. */
  template: z.string().min(1).optional(),
  /** Where the built-in mail catcher writes .eml files. */
  outbox: z.string().min(1).default("outbox"),
});

export type ConfigFile = z.infer<typeof configSchema>;
export type FeedConfig = z.infer<typeof feed>;
export type NewsletterConfig = z.infer<typeof newsletter>;
/** Defaults for callers that render without a config file (tests, previews). */
export const DEFAULT_THEME: ThemeConfig = theme.parse({});
export const DEFAULT_LINKS: LinksConfig = links.parse({});
export const DEFAULT_BUDGET: BudgetConfig = budget.parse({});

export type ThemeConfig = z.infer<typeof theme>;
export type LinksConfig = z.infer<typeof links>;
export type BudgetConfig = z.infer<typeof budget>;
export type DigestConfig = z.infer<typeof digest>;
export type SmtpConfig = z.infer<typeof smtp>;
export type ScheduleConfig = z.infer<typeof schedule>;
export type DkimConfig = z.infer<typeof dkim>;
export type FetchOptions = z.infer<typeof fetchOptions>;
