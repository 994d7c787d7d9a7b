// The stories table of the editor's page: every candidate story, where it stands and why, and its buttons.
import type { Digest, DigestStory, PassedOver } from "../../digest/digest.ts";
import { escapeHtml } from "../page.ts";
import type { Form } from "./editorForm.ts";
import type { Focus } from "./editorSessions.ts";
import { isPlaced, movableHeadlines } from "./headlineMoves.ts";

/** A story row: where it stands and why, and what the editor can do with it. */
interface Row {
  story: DigestStory;
  status: string;
  actions: ("up" | "down" | "pin" | "drop" | "restore")[];
}

type Settings = { headlines: number; maxAgeHours?: number | undefined; relatedThreshold: number };

export function storyTable(digest: Digest, passedOver: PassedOver[], settings: Settings, form: Form, focus: Focus | undefined): string {
  return table(rows(digest, passedOver, settings), form, focus);
}

function rows(digest: Digest, passedOver: PassedOver[], settings: Settings): Row[] {
  const pinned = (s: DigestStory): Row["actions"] => (s.pinned ? ["restore"] : []);
  const lead: Row = { story: digest.lead, status: `Lead: ${digest.why}`, actions: [...pinned(digest.lead), "drop"] };
  const headlines = digest.headlines.map((h, i): Row => {
    const why = h.pinned
      ? "pinned"
      : isPlaced(digest, h)
        ? "placed by an editor"
        : (h.related ?? 0) >= settings.relatedThreshold
          ? `related to the lead (${h.related})`
          : "by score";
    // Pins head the list and stay there; the others move within their section.
    const among = h.pinned ? [] : movableHeadlines(digest, h.id);
    const at = among.findIndex((s) => s.id === h.id);
    const moves: Row["actions"] = [...(at > 0 ? ["up" as const] : []), ...(at >= 0 && at < among.length - 1 ? ["down" as const] : [])];
    return { story: h, status: `Headline ${i + 1}: ${why}`, actions: [...moves, "pin", ...pinned(h), "drop"] };
  });
  const reasons: Record<PassedOver["reason"], string> = {
    belowLimit: `Not chosen: ranked below the ${settings.headlines} headlines (digest.headlines)`,
    dropped: "Dropped by an editor",
    alreadySent: "Not chosen: went out in an earlier issue",
    tooOld: `Not chosen: older than digest.maxAgeHours (${settings.maxAgeHours} h)`,
  };
  const others = passedOver.map((p): Row => ({ story: p.story, status: reasons[p.reason], actions: p.reason === "dropped" ? ["restore"] : ["pin"] }));
  return [lead, ...headlines, ...others];
}

const ACTION_LABELS: Record<Row["actions"][number], [action: string, label: string, fields?: Record<string, string>]> = {
  up: ["move", "↑", { direction: "up" }],
  down: ["move", "↓", { direction: "down" }],
  pin: ["pin", "Make lead"],
  drop: ["drop", "Drop"],
  restore: ["restore", "Restore"],
};

function table(list: Row[], form: Form, focus: Focus | undefined): string {
  const body = list
    .map(({ story, status, actions }) => {
      const s = story.score;
      const score = s ? `${s.total} = ${s.recency} × ${s.weight} × ${s.coverage} × ${s.image}` : "";
      const buttons = actions.map((a, i) => {
        const [action, label, fields] = ACTION_LABELS[a];
        const aria = a === "up" || a === "down" ? `Move ${a}: ${story.title}` : `${label}: ${story.title}`;
        // When the button used is gone from the story's row (Make lead, Drop, ↑ at the top), the row's first one takes the focus.
        const instead = i === 0 && focus?.story === story.id && !actions.some((b) => isFocus(focus, story.id, b));
        return form(action, { story: story.id, ...fields }, label, a === "drop" ? "danger" : "secondary", aria, instead);
      });
      const title = /^https?:\/\//i.test(story.link) ? `<a href="${escapeHtml(story.link)}" rel="noreferrer noopener" target="_blank">${escapeHtml(story.title)}</a>` : escapeHtml(story.title);
      const also = story.alsoIn?.length ? `<br><small>also in ${story.alsoIn.map((a) => escapeHtml(a.feedName)).join(", ")}</small>` : "";
      return `<tr data-story="${escapeHtml(story.id)}"><td>${title}${also}</td><td data-label="Feed">${escapeHtml(story.feedName)}</td><td data-label="Age">${s ? `${s.ageHours} h` : ""}</td><td class="score" data-label="Score">${score}</td><td class="status">${escapeHtml(status)}</td><td class="actions">${buttons.join("")}</td></tr>`;
    })
    .join("\n");
  return `<table>
<thead><tr><th>Story</th><th>Feed</th><th>Age</th><th>Score = recency × weight × coverage × image</th><th>Why</th><th>Actions</th></tr></thead>
<tbody>
${body}
</tbody>
</table>`;
}

function isFocus(focus: Focus, story: string, button: Row["actions"][number]): boolean {
  const [action, , fields] = ACTION_LABELS[button];
  return focus.action === action && focus.story === story && focus.direction === fields?.direction;
}
