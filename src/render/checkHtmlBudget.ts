// Gmail clips messages whose HTML passes ~102 KB, hiding the footer (and its unsubscribe link).
import type { BudgetConfig } from "../config/schema.ts";
import { LeadlineError } from "../errors.ts";
import type { Logger } from "../logger.ts";

export function checkHtmlBudget(htmlBytes: number, budget: BudgetConfig, log: Logger | undefined): void {
  const kb = htmlBytes / 1024;
  const size = `the issue's HTML is ${kb.toFixed(1)} KB`;
  if (kb > budget.maxKb) {
    const message = `${size}, over budget.maxKb (${budget.maxKb} KB): Gmail clips larger messages. Use fewer headlines (digest.headlines), a lighter template, or set budget.enforce: false`;
    if (budget.enforce) throw new LeadlineError("EBUDGET", message);
    log?.warn(message);
  } else if (kb > budget.warnKb) {
    log?.warn(`${size}, over budget.warnKb (${budget.warnKb} KB); Gmail clips messages over 102 KB`);
  }
}
