// What the editor's buttons do: each stores an override (or a decision) for the next issue, as the CLI commands would.
import type { Config } from "../../config/load.ts";
import type { DigestStory } from "../../digest/digest.ts";
import { namesStory } from "../../digest/orderHeadlines.ts";
import { LeadlineError } from "../../errors.ts";
import { decisionSlot } from "../../schedule/decisionSlot.ts";
import { decideSlot, type Decision } from "../../store/approvals.ts";
import { countDeliveries } from "../../store/deliveries.ts";
import type { Db } from "../../store/openStore.ts";
import { loadOverrides, removeArticleOverride, setArticleOverride, setHeadlineOrder, setNote, setSubject } from "../../store/overrides.ts";
import { normaliseAddress } from "../../subscribers/normaliseAddress.ts";
import { editorTime } from "./editorTime.ts";
import { moveHeadline } from "./headlineMoves.ts";
import type { PreviewBuild } from "./previewBuilds.ts";

export type EditorAction = (form: Record<string, string>) => Promise<string | undefined> | string | undefined;

export interface ActionDeps {
  db: Db;
  clock: () => Date;
  loadConfig: () => Config;
  /** The build the editor last saw: moves and restores refer to its stories. */
  latest: () => Promise<PreviewBuild>;
  /** A build by the version a page showed, while it is kept. */
  find: (version: number) => PreviewBuild | undefined;
}

const MAX_SUBJECT = 200;

export function editorActions(deps: ActionDeps) {
  const { db, clock } = deps;
  const newsletter = () => deps.loadConfig().newsletter.name;
  const story = (form: Record<string, string>) => {
    const id = form.story?.trim();
    if (!id) throw new LeadlineError("EINPUT", "no story given");
    return id;
  };
  const byName: Record<string, EditorAction> = {
    pin: (form) => void setArticleOverride(db, newsletter(), story(form), "pin", clock()),
    drop: (form) => void setArticleOverride(db, newsletter(), story(form), "drop", clock()),
    restore: async (form) => {
      const name = newsletter();
      const shown = findStory((await deps.latest()).built, story(form));
      const { pins, drops } = loadOverrides(db, name);
      const references = [...pins, ...drops].filter((ref) => ref === story(form) || (shown !== undefined && namesStory(ref, shown)));
      for (const ref of references) removeArticleOverride(db, name, ref);
      if (references.length === 0) throw new LeadlineError("ENOTFOUND", "that story was neither pinned nor dropped");
      return undefined;
    },
    move: async (form) => {
      const digest = (await deps.latest()).built?.digest;
      const order = digest && moveHeadline(digest, story(form), form.direction === "up" ? "up" : "down");
      if (order) setHeadlineOrder(db, newsletter(), order, clock());
      return undefined;
    },
    order: () => void setHeadlineOrder(db, newsletter(), undefined, clock()),
    subject: (form) => {
      const subject = oneLine(form.subject ?? "");
      // The field starts with what newsletter.subject gives: saved unchanged, it must go on following the template (and the lead).
      if (form.template !== undefined && subject === oneLine(form.template)) return "Subject unchanged: it still follows newsletter.subject";
      if (subject.length > MAX_SUBJECT) throw new LeadlineError("EINPUT", `subject: at most ${MAX_SUBJECT} characters, got ${subject.length}`);
      setSubject(db, newsletter(), subject || undefined, clock());
      return undefined;
    },
    note: (form) => void setNote(db, newsletter(), form.note?.trim() || undefined, clock()),
    approve: async (form) => decide(deps, "approved", form),
    hold: async (form) => decide(deps, "held", form),
    refresh: () => undefined,
  };
  return {
    byName,
    address(input: string | undefined): string {
      const checked = normaliseAddress(input ?? "");
      if (!checked.ok) throw new LeadlineError("EINPUT", `test address: ${checked.reason}`);
      return checked.address;
    },
  };
}

/**
 * The slot is the one the page showed, unless an issue is under way (as `leadline approve`/`hold`
 * decide); an approval of that slot keeps the version the page showed, and the send builds from it.
 */
async function decide(deps: ActionDeps, decision: Decision, form: Record<string, string>): Promise<string> {
  const shown = form.version === undefined ? await deps.latest() : deps.find(Number(form.version));
  if (!shown) throw new LeadlineError("EINPUT", "this page is out of date (the preview was restarted since): nothing was decided; look at the page again, then decide");
  if (!shown.slot || !shown.config) throw new LeadlineError("EINPUT", `no slot to decide on: ${shown.problem ?? "the config could not be read"}`);
  const config = deps.loadConfig();
  const now = deps.clock();
  const { slot, issue } = decisionSlot(config, deps.db, now, decision, { otherwise: shown.slot });
  const version = decision === "approved" && config.schedule.requireApproval && !issue && slot === shown.slot && shown.built ? { digest: shown.built.digest, overridesThrough: shown.built.overridesThrough } : undefined;
  decideSlot(deps.db, config.newsletter.name, slot, decision, now, version);
  const underWay = issue ? ` (under way: ${countDeliveries(deps.db, issue.id).sent} subscriber(s) have it already${decision === "held" ? "; the rest of the list is not sent while it is held" : ""})` : "";
  const at = editorTime(slot, config.schedule.timezone);
  if (decision === "held") return `Held the issue for ${at}${underWay}`;
  if (!config.schedule.requireApproval) return `Released the hold on the issue for ${at}${underWay}: it sends without approval`;
  return version ? `Approved the issue for ${at} as shown: this version is what goes out` : `Approved the issue for ${at}${underWay}`;
}

function findStory(built: PreviewBuild["built"], id: string): DigestStory | undefined {
  if (!built) return undefined;
  const { lead, headlines } = built.digest;
  return [lead, ...headlines, ...built.passedOver.map((p) => p.story)].find((s) => s.id === id);
}

/** A subject is one line of plain text; empty means "back to newsletter.subject". */
function oneLine(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f]+/g, " ").trim();
}
