// An issue per schedule slot, built once: the first run builds and stores it, later runs resume it.
import type { Config } from "../config/load.ts";
import type { Digest } from "../digest/digest.ts";
import type { Logger } from "../logger.ts";
import { renderIssue, type RenderedIssue } from "../render/renderIssue.ts";
import { renderOptions } from "../render/renderOptions.ts";
import { currentSlot } from "../schedule/slot.ts";
import { createIssue, findIssue, sentArticleIds, type StoredIssue } from "../store/issues.ts";
import type { Db } from "../store/openStore.ts";
import { subscriberFieldNames } from "../store/subscribers.ts";
import { buildDigest } from "./buildDigest.ts";

export interface PreparedIssue {
  stored: StoredIssue;
  digest: Digest;
  rendered: RenderedIssue;
  /** True when the slot's issue already existed and this run continues it. */
  resumed: boolean;
}

export async function prepareIssue(config: Config, db: Db, slot: string, now: Date, log: Logger): Promise<PreparedIssue> {
  const existing = findIssue(db, config.newsletter.name, slot);
  if (existing) return fromStored(existing, true);
  const { digest, rendered } = await buildAndRender(config, db, now, log, slot);
  const stored = createIssue(
    db,
    {
      newsletter: config.newsletter.name,
      slot,
      subject: rendered.subject.parts.join(""),
      digest: JSON.stringify(digest),
      rendered: JSON.stringify(rendered),
      articleIds: [digest.lead, ...digest.headlines].map((s) => s.id),
    },
    now,
  );
  // Another process may have stored the slot between our check and our insert: use theirs.
  return stored.digest === JSON.stringify(digest) ? { stored, digest, rendered, resumed: false } : fromStored(stored, true);
}

/** The next issue as it would be built now, without storing anything (build, dry runs, test sends). */
export async function buildAndRender(config: Config, db: Db, now: Date, log: Logger, slot = currentSlot(config.schedule, now)) {
  const alreadySent = sentArticleIds(db, config.newsletter.name);
  const { digest, feeds } = await buildDigest(config, alreadySent, now, log);
  const options = renderOptions(config, slot, log);
  const rendered = await renderIssue(digest, { ...options, subscriberFields: subscriberFieldNames(db) });
  return { digest, feeds, rendered, options };
}

function fromStored(stored: StoredIssue, resumed: boolean): PreparedIssue {
  return {
    stored,
    digest: JSON.parse(stored.digest) as Digest,
    rendered: JSON.parse(stored.rendered) as RenderedIssue,
    resumed,
  };
}
