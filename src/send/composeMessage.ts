// One subscriber's message: the issue's compiled parts with the personal fields spliced in, and the headers.
import type { NewsletterConfig } from "../config/schema.ts";
import { escapeHtml, headerText, splice, unixLineBreaks } from "../render/personalFields.ts";
import type { RenderedIssue } from "../render/renderIssue.ts";
import { isAsciiAddress, spliceRawMessage, type MimeTemplate, type SplicedMessage } from "./mimeTemplate.ts";
import type { OutgoingMessage } from "./transport.ts";

export interface Recipient {
  id: number;
  email: string;
  name: string;
  fields: Record<string, string>;
}

export interface MessageContext {
  newsletter: NewsletterConfig;
  issue: RenderedIssue;
  /** Identifies the issue in Message-ID and Feedback-ID. */
  issueKey: string;
  unsubscribeUrl: (recipient: Recipient) => string;
  now: Date;
}

/**
 * The values spliced into an issue's holes, their line breaks as "\n" like the issue's own text (see
 * toSpliceable); a field the subscriber has not, or has empty, takes newsletter.fieldDefaults' text.
 */
export function personalValues(recipient: Recipient, unsubscribeUrl: string, defaults: Readonly<Record<string, string>> = {}): Map<string, string> {
  const values = new Map<string, string>([
    ["subscriber.email", recipient.email],
    ["subscriber.name", unixLineBreaks(recipient.name)],
    ["unsubscribeUrl", unsubscribeUrl],
  ]);
  for (const [key, value] of Object.entries(recipient.fields)) values.set(`subscriber.${key}`, unixLineBreaks(value));
  for (const key in defaults) {
    if (!values.get(`subscriber.${key}`)?.trim()) values.set(`subscriber.${key}`, unixLineBreaks(defaults[key]!));
  }
  return values;
}

export function composeMessage(recipient: Recipient, context: MessageContext): OutgoingMessage {
  const { headers, values } = messageHeaders(recipient, context);
  return {
    ...headers,
    subject: headerText(splice(context.issue.subject, values, headerText)),
    html: splice(context.issue.html, values, escapeHtml),
    text: splice(context.issue.text, values, (s) => s),
  };
}

/** A message spliced from the issue's pre-encoded MIME body, not yet signed; and its SMTP envelope. */
export interface SplicedOutgoing {
  message: SplicedMessage;
  envelope: { from: string; to: string };
  messageId: string;
}

/**
 * The same message spliced from the issue's pre-encoded MIME body, which saves composing MIME per
 * recipient. Undefined for an address raw 7-bit headers cannot carry.
 */
export function composeRawMessage(recipient: Recipient, context: MessageContext, template: MimeTemplate): SplicedOutgoing | undefined {
  if (!isAsciiAddress(recipient.email)) return undefined;
  const { headers, values } = messageHeaders(recipient, context);
  const subject = headerText(splice(context.issue.subject, values, headerText));
  const message = spliceRawMessage(template, { ...headers, subject, extra: headers.headers }, values);
  return { message, envelope: { from: senderAddress(headers.from), to: recipient.email }, messageId: headers.messageId };
}

type MessageHeaders = Omit<OutgoingMessage, "subject" | "html" | "text">;

function messageHeaders(recipient: Recipient, context: MessageContext): { headers: MessageHeaders; values: Map<string, string> } {
  const { newsletter, issueKey } = context;
  const unsubscribeUrl = context.unsubscribeUrl(recipient);
  const list = listHeaders(newsletter);
  const headers: MessageHeaders = {
    from: newsletter.from,
    to: recipient.name ? `"${headerText(recipient.name).replace(/["\\]/g, "")}" <${recipient.email}>` : recipient.email,
    messageId: `<${issueKey}.${recipient.id}@${list.domain}>`,
    date: context.now,
    headers: {
      "List-Id": list.listId,
      // The one-click link alone: a mailto would reach the From address, where nothing reads it.
      "List-Unsubscribe": `<${unsubscribeUrl}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
      "Feedback-ID": `${issueKey}:${list.slug}:leadline`,
    },
  };
  if (newsletter.replyTo) headers.replyTo = newsletter.replyTo;
  return { headers, values: personalValues(recipient, unsubscribeUrl, newsletter.fieldDefaults) };
}

interface ListHeaders {
  domain: string;
  slug: string;
  listId: string;
}

/** Derived from the newsletter's settings once, not for each of a send's messages (a weak map, so nothing outlives the config). */
const listHeadersOf = new WeakMap<NewsletterConfig, ListHeaders>();

function listHeaders(newsletter: NewsletterConfig): ListHeaders {
  let list = listHeadersOf.get(newsletter);
  if (!list) {
    const domain = senderDomain(newsletter.from);
    const slug = listSlug(newsletter.name);
    list = {
      domain,
      slug,
      listId: `${headerText(newsletter.name).replace(/[<>"]/g, "")} <${slug}.${domain}>`,
    };
    listHeadersOf.set(newsletter, list);
  }
  return list;
}

export function senderAddress(from: string): string {
  return /<([^>]+)>/.exec(from)?.[1] ?? from.trim();
}

function senderDomain(from: string): string {
  return senderAddress(from).split("@")[1] ?? "localhost";
}

/** "Le Brief — Édition spéciale" → "le-brief-edition-speciale": accents dropped, not the letters they sit on. */
function listSlug(name: string): string {
  return name.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "newsletter";
}
