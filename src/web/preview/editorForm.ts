// The editor page's one-button forms: each a POST with the session's CSRF token, the focus back on the one just used.
import { escapeHtml } from "../page.ts";
import type { Focus } from "./editorSessions.ts";

export type Form = (action: string, fields: Record<string, string>, label: string, className?: string, ariaLabel?: string, autofocus?: boolean) => string;

export function formMaker(view: { base: string; csrf: string; focus?: Focus | undefined }): Form {
  const used = (action: string, fields: Record<string, string>) =>
    view.focus?.action === action && view.focus.story === fields.story && view.focus.direction === fields.direction;
  return (action, fields, label, className = "", ariaLabel, autofocus = false) => {
    const hidden = Object.entries({ csrf: view.csrf, ...fields })
      .map(([k, v]) => `<input type="hidden" name="${k}" value="${escapeHtml(v)}">`)
      .join("");
    const aria = ariaLabel ? ` aria-label="${escapeHtml(ariaLabel)}"` : "";
    const focus = autofocus || used(action, fields) ? " autofocus" : "";
    return `<form method="post" action="${view.base}/${action}">${hidden}<button type="submit" class="${className}"${aria}${focus}>${label}</button></form>`;
  };
}
