// `leadline pin|drop|restore ARTICLE` and `leadline note TEXT`: the editor's say over the next issue.
import { LeadlineError } from "../../errors.ts";
import { articleKnown, articleNames } from "../../store/feedState.ts";
import { loadOverrides, removeArticleOverride, setArticleOverride, setNote, type ArticleOverride } from "../../store/overrides.ts";
import { loadContextConfig, SENDS_NOTHING, makeClock, withStore, type CommandContext } from "../context.ts";

const DONE: Record<ArticleOverride, string> = {
  pin: "pinned: it leads the next issue",
  drop: "dropped: its story stays out of the next issue",
};

export function runArticleOverride(kind: ArticleOverride) {
  return async (context: CommandContext, article: string): Promise<void> => {
    const reference = checkedReference(article);
    const config = loadContextConfig(context, SENDS_NOTHING);
    const known = await withStore(config, (store) => {
      setArticleOverride(store.db, config.newsletter.name, reference, kind, makeClock(context)());
      return articleKnown(store.db, reference);
    });
    context.output.out(`${reference} ${DONE[kind]}`);
    if (known === false) {
      context.output.err(`warning: no article "${reference}" in what the feeds last gave (ids and links as \`leadline fetch\` or digest.json show them); it is kept and counts if the article appears`);
    }
  };
}

export async function runRestore(context: CommandContext, article: string): Promise<void> {
  const reference = checkedReference(article);
  const config = loadContextConfig(context, SENDS_NOTHING);
  // A pin or drop made by link is found by the article's id too, and the other way round, as the preview's Restore does.
  const removed = await withStore(config, (store) =>
    [...new Set([reference, ...articleNames(store.db, reference)])].flatMap((name) => {
      const kind = removeArticleOverride(store.db, config.newsletter.name, name);
      return kind ? [{ name, kind }] : [];
    }),
  );
  if (removed.length === 0) throw new LeadlineError("ENOTFOUND", `${reference} is neither pinned nor dropped`);
  for (const { name, kind } of removed) context.output.out(`${name}: ${kind} removed; selection decides again`);
}

export async function runNote(context: CommandContext, text: string | undefined, options: { clear?: boolean }): Promise<void> {
  const config = loadContextConfig(context, SENDS_NOTHING);
  const newsletter = config.newsletter.name;
  const note = text?.trim();
  if (options.clear || note) {
    await withStore(config, (store) => setNote(store.db, newsletter, options.clear ? undefined : note, makeClock(context)()));
    context.output.out(options.clear ? "note cleared" : "note set for the next issue");
    return;
  }
  if (text !== undefined) throw new LeadlineError("EINPUT", "note: the text is empty (use --clear to remove the note)");
  const current = await withStore(config, (store) => loadOverrides(store.db, newsletter));
  context.output.out(current.note ?? "(no note for the next issue)");
}

function checkedReference(article: string): string {
  const reference = article.trim();
  if (!reference) throw new LeadlineError("EINPUT", "expected an article id or link (as `leadline fetch` or digest.json shows it)");
  return reference;
}
