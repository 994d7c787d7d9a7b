// One subscriber's message: the issue's compiled parts with the personal fields spliced in, and the headers.
import type { NewsletterConfig } from "../config/schema.ts";
import { escapeHtml, headerText, splice } from "../render/personalFields.ts";
import type { RenderedIssue } from "../render/renderIssue.ts";
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

export function personalValues(recipient: Recipient, unsubscribeUrl: string): Map<string, string> {
  const values = new Map<string, string>([
    ["subscriber.email", recipient.email],
    ["subscriber.name", recipient.name],
    ["unsubscribeUrl", unsubscribeUrl],
  ]);
  for (const [key, value] of Object.entries(recipient.fields)) values.set(`subscriber.${key}`, value);
  return values;
}

export function composeMessage(recipient: Recipient, context: MessageContext): OutgoingMessage {
  const { newsletter, issue, issueKey } = context;
  const unsubscribeUrl = context.unsubscribeUrl(recipient);
  const values = personalValues(recipient, unsubscribeUrl);
  const domain = senderDomain(newsletter.from);
  const message: OutgoingMessage = {
    from: newsletter.from,
    to: recipient.name ? `"${headerText(recipient.name).replace(/["\\]/g, "")}" <${recipient.email}>` : recipient.email,
    subject: headerText(splice(issue.subject, values, headerText)),
    html: splice(issue.html, values, escapeHtml),
    text: splice(issue.text, values, (s) => s),
    messageId: `<${issueKey}.${recipient.id}@${domain}>`,
    date: context.now,
    headers: {
      "List-Id": `${headerText(newsletter.name).replace(/[<>"]/g, "")} <${listSlug(newsletter.name)}.${domain}>`,
      "List-Unsubscribe": `<${unsubscribeUrl}>, <mailto:${senderAddress(newsletter.from)}?subject=unsubscribe>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
      "Feedback-ID": `${issueKey}:${listSlug(newsletter.name)}:leadline`,
    },
  };
  if (newsletter.replyTo) message.replyTo = newsletter.replyTo;
  return message;
}

export function senderAddress(from: string): string {
  return /<([^>]+)>/.exec(from)?.[1] ?? from.trim();
}

function senderDomain(from: string): string {
  return senderAddress(from).split("@")[1] ?? "localhost";
}

function listSlug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "newsletter";
}
