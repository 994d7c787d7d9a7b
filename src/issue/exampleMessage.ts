// The built issue as an example reader gets it: what `build` writes and the editor's preview shows.
import type { Config } from "../config/load.ts";
import { escapeHtml, splice } from "../render/personalFields.ts";
import type { RenderedIssue } from "../render/renderIssue.ts";
import { personalValues } from "../send/composeMessage.ts";

/** Who previews are addressed to: an example, never a real subscriber. */
export const EXAMPLE_READER = { id: 0, email: "reader@example.org", name: "Reader", fields: {} };

export interface ExampleMessage {
  subject: string;
  preheader: string;
  html: string;
  text: string;
}

export function exampleMessage(config: Config, rendered: RenderedIssue): ExampleMessage {
  const values = personalValues(EXAMPLE_READER, `${config.server.publicUrl.replace(/\/$/, "")}/unsubscribe/example`, config.newsletter.fieldDefaults);
  const plain = (s: string) => s;
  return {
    subject: splice(rendered.subject, values, plain),
    // Issues stored before the preheader was kept have none.
    preheader: rendered.preheader ? splice(rendered.preheader, values, plain) : "",
    html: splice(rendered.html, values, escapeHtml),
    text: splice(rendered.text, values, plain),
  };
}
