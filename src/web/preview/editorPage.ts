// The editor's page: the next issue as subscribers see it, the stories and why, and the actions — server-rendered.
import type { Digest, PassedOver } from "../../digest/digest.ts";
import { splice } from "../../render/personalFields.ts";
import { previewFrames } from "../../render/previewPage.ts";
import type { Decision } from "../../store/approvals.ts";
import { escapeHtml } from "../page.ts";
import { editorTime } from "./editorTime.ts";
import { formMaker, type Form } from "./editorForm.ts";
import type { Flash, Focus } from "./editorSessions.ts";
import { editorStyles } from "./editorStyles.ts";
import type { PreviewBuild } from "./previewBuilds.ts";
import { storyTable } from "./storyTable.ts";

export interface EditorView {
  base: string;
  build: PreviewBuild;
  csrf: string;
  /** Allows exactly the page's own style and live-reload script. */
  nonce: string;
  flash?: Flash | undefined;
  /** The control the last action came from, to focus again. */
  focus?: Focus | undefined;
  decision?: Decision | undefined;
  /** The version approved for the slot, when the page now shows another: that one goes out. */
  approvedOther?: { at: string; lead: string } | undefined;
  /** Articles an editor dropped, for a page with no issue to show them in (dropping the last stories leaves none). */
  dropped?: readonly string[] | undefined;
  /** Why the issue that was due did not go out, when it waited for an approval that never came. */
  skipped?: string | undefined;
}

export function editorPage(view: EditorView): string {
  const { build } = view;
  const name = build.config?.newsletter.name ?? "Leadline";
  const form = formMaker(view);
  const body = [
    `<header><h1>Next issue of ${escapeHtml(name)}</h1>${scheduleLine(view, form)}${form("refresh", {}, "Fetch feeds again", "secondary")}</header>`,
    view.skipped ? `<p class="problem" id="skipped">${escapeHtml(view.skipped)}</p>` : "",
    flashBox(view.flash),
    build.problem ? `<p class="problem" role="alert">${escapeHtml(build.problem)}</p>` : "",
    failedFeeds(build),
    build.built && build.message ? issueSections(view, form, build.built.digest, build.built.passedOver) : droppedList(view.dropped ?? [], form),
  ].join("\n");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Preview: ${escapeHtml(name)}</title>
<style nonce="${view.nonce}">${editorStyles}</style>
</head>
<body>
${body}
<script nonce="${view.nonce}">
const events = new EventSource(${JSON.stringify(`${view.base}/events`)});
events.onopen = () => { document.body.dataset.live = "on"; };
events.addEventListener("reload", () => location.reload());
</script>
</body>
</html>`;
}

/** Feeds that failed this time: without this, their stories were simply missing and the lead changed unexplained. */
function failedFeeds(build: PreviewBuild): string {
  const failed = build.failedFeeds ?? [];
  if (failed.length === 0) return "";
  const items = failed.map((f) => `<li><strong>${escapeHtml(f.name)}</strong> (${escapeHtml(f.source)}): ${escapeHtml(f.error)}</li>`).join("");
  return `<section id="failed-feeds"><p class="problem">${failed.length} feed(s) failed this time: their stories are not in this issue.</p><ul>${items}</ul></section>`;
}

/** With no issue to show (the editor dropped too much, say), the drops stay where an editor can undo them. */
function droppedList(dropped: readonly string[], form: Form): string {
  if (dropped.length === 0) return "";
  const items = dropped.map((article) => `<li><code>${escapeHtml(article)}</code> ${form("restore", { story: article }, "Restore", "secondary", `Restore: ${article}`)}</li>`).join("");
  return `<section id="dropped"><h2>Dropped by an editor</h2><ul>${items}</ul></section>`;
}

/** An action's outcome: a confirmation is a status, an error an alert that looks like one. */
function flashBox(flash: Flash | undefined): string {
  if (!flash) return "";
  return flash.error ? `<p class="error" role="alert">${escapeHtml(flash.text)}</p>` : `<p class="flash" role="status">${escapeHtml(flash.text)}</p>`;
}

/** What the editor typed into a field before an action failed, to show again; otherwise the stored value. */
function typed(view: EditorView, field: string, stored: string): string {
  return escapeHtml(view.flash?.error ? (view.flash.typed[field] ?? stored) : stored);
}

/** A text field takes the focus back after its own form was sent: to fix a mistake, or to go on from there. */
function autofocus(view: EditorView, action: string): string {
  return view.focus?.action === action ? " autofocus" : "";
}

function scheduleLine(view: EditorView, form: Form): string {
  const { config, slot } = view.build;
  if (!config || !slot) return "";
  const required = config.schedule.requireApproval;
  const { timezone } = config.schedule;
  const deadline = new Date(Date.parse(slot) + config.schedule.approvalDeadlineMinutes * 60_000);
  // A hold stops the send even when approvals are off (as `leadline hold`), and approving releases it: both are shown either way.
  const state =
    view.decision === "held"
      ? "held: it will not be sent"
      : !required
        ? "sends without approval (schedule.requireApproval is off)"
        : view.decision === "approved"
          ? view.approvedOther
            ? `approved at ${editorTime(view.approvedOther.at, timezone)}, as it was then (lead: "${view.approvedOther.lead}"): that version goes out, not this one; approve again to send this one`
            : "approved"
          : `waiting for approval (deadline ${editorTime(deadline, timezone)}, ${config.schedule.approvalDeadlineMinutes} min after the slot)`;
  // The version the page shows: an approval is of what the editor saw, not of a build made since.
  const shown = { version: String(view.build.version) };
  const buttons = required
    ? `${form("approve", shown, "Approve")}${form("hold", shown, "Hold", "secondary")}`
    : view.decision === "held"
      ? form("approve", shown, "Release the hold")
      : form("hold", shown, "Hold", "secondary");
  return `<p class="schedule">Scheduled send: <time datetime="${escapeHtml(slot)}">${escapeHtml(editorTime(slot, timezone))}</time> — <strong id="approval">${escapeHtml(state)}</strong></p><div class="row">${buttons}</div>`;
}

function issueSections(view: EditorView, form: Form, digest: Digest, passedOver: PassedOver[]): string {
  const { config, message, built, version } = view.build as Required<PreviewBuild>;
  const kb = built.rendered.htmlBytes / 1024;
  const size = kb > config.budget.maxKb ? "over" : kb > config.budget.warnKb ? "warn" : "ok";
  const csrf = `<input type="hidden" name="csrf" value="${escapeHtml(view.csrf)}">`;
  return `<section class="message">
${subjectForm(view, form, digest.subject !== undefined, csrf)}
<p><span class="label">Preheader</span> <span id="preheader">${escapeHtml(message.preheader)}</span></p>
<p><span class="label">HTML size</span> <span id="size" class="${size}">${kb.toFixed(1)} KB of the ${config.budget.maxKb} KB budget</span></p>
<form method="post" action="${view.base}/note" class="field">${csrf}<label for="note">Intro note</label><textarea id="note" name="note" rows="2"${autofocus(view, "note")}>${typed(view, "note", digest.note ?? "")}</textarea><button type="submit">Save note</button></form>
<form method="post" action="${view.base}/test" class="field">${csrf}<label for="address">Send a test to</label><input id="address" name="address" type="email" required placeholder="you@example.org" value="${typed(view, "address", "")}"${autofocus(view, "test")}><button type="submit">Send test</button></form>
</section>
<section class="frames">
${previewFrames(`${view.base}/frame?v=${version}`, message.subject)}
</section>
<section>
<h2>Stories</h2>
${unmatchedOverrides(digest, form)}
${digest.overrides?.order ? form("order", {}, "Back to the ranked order", "secondary") : ""}
${storyTable(digest, passedOver, config.digest, form, view.focus)}
</section>
<section>
<h2>Plain-text version</h2>
<pre id="text">${escapeHtml(message.text)}</pre>
</section>`;
}

/**
 * The subject field starts with the subject as sent. While the template (newsletter.subject) gives it, the form
 * carries that text too, so saving it unchanged stores nothing and the subject goes on following the lead.
 */
function subjectForm(view: EditorView, form: Form, custom: boolean, csrf: string): string {
  const subject = editableSubject(view);
  const template = custom ? "" : `<input type="hidden" name="template" value="${escapeHtml(subject)}">`;
  const personal = subject.includes("{{subscriber.") ? " {{subscriber.…}} is filled in for each reader." : "";
  const source = custom
    ? `<p class="hint"><span id="subject-source">Custom subject: an editor's words, sent as they are instead of newsletter.subject.${personal}</span> ${form("subject", { subject: "" }, "Back to the template", "secondary")}</p>`
    : `<p class="hint"><span id="subject-source">From newsletter.subject: it follows the lead until you save other words.${personal}</span></p>`;
  return `<form method="post" action="${view.base}/subject" class="field">${csrf}${template}<label for="subject">Subject</label><input id="subject" name="subject" value="${typed(view, "subject", subject)}" maxlength="200"${autofocus(view, "subject")}><button type="submit">Save subject</button></form>
${source}`;
}

/**
 * The subject with each reader's own fields as `{{subscriber.city}}`, not the example reader's values:
 * saved with those values in it, "London edition" would go to every reader in every city.
 */
function editableSubject(view: EditorView): string {
  const { subject } = view.build.built!.rendered;
  return splice(subject, new Map(subject.fields.map((field) => [field, `{{${field}}}`])), (value) => value);
}

/** Pins and drops no article of today's feeds has: kept (the article may still come), but the table cannot show them. */
function unmatchedOverrides(digest: Digest, form: Form): string {
  const unmatched = (kind: "pin" | "drop", list: { article: string; matched: boolean }[] = []) => list.filter((o) => !o.matched).map((o) => ({ kind, article: o.article }));
  const items = [...unmatched("pin", digest.overrides?.pinned), ...unmatched("drop", digest.overrides?.dropped)].map(
    ({ kind, article }) => `<li>${kind === "pin" ? "pinned" : "dropped"} <code>${escapeHtml(article)}</code> ${form("restore", { story: article }, "Remove", "secondary", `Remove: ${kind} of ${article}`)}</li>`,
  );
  if (items.length === 0) return "";
  return `<div id="unmatched"><p>Pins and drops that match no article in today's feeds (kept, in case the article comes):</p><ul>${items.join("")}</ul></div>`;
}
