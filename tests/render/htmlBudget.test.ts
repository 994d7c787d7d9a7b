import { describe, expect, it } from "vitest";
import { renderIssue } from "../../src/render/renderIssue.ts";
import { digest, longStory, messageFor, renderConfig } from "./renderFixtures.ts";

const GMAIL_CLIP_BYTES = 102 * 1024;

function collectingLogger() {
  const warnings: string[] = [];
  return { warnings, log: { info() {}, warn: (m: string) => warnings.push(m) } };
}

describe("the HTML budget", () => {
  it("keeps the default theme with a lead and 12 long headlines under Gmail's clipping limit", async () => {
    const config = renderConfig("links: {utm: {}}", "postalAddress: '1 Example Street, Springfield'");
    const { log, warnings } = collectingLogger();
    const issue = await renderIssue(digest(12, {}, longStory), { newsletter: config.newsletter, links: config.links, log });
    const sent = Buffer.byteLength(messageFor(issue).html);
    expect(sent).toBeLessThan(GMAIL_CLIP_BYTES);
    expect(issue.htmlBytes).toBeLessThan(90 * 1024);
    expect(warnings).toEqual([]);
  });

  it("warns past budget.warnKb", async () => {
    const { log, warnings } = collectingLogger();
    const { budget } = renderConfig("budget: {warnKb: 10}");
    await renderIssue(digest(12, {}, longStory), { newsletter: renderConfig().newsletter, budget, log });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^the issue's HTML is \d+\.\d KB, over budget\.warnKb \(10 KB\)/);
  });

  it("stops the build past budget.maxKb, naming the setting", async () => {
    const { budget } = renderConfig("budget: {warnKb: 10, maxKb: 20}");
    await expect(renderIssue(digest(12, {}, longStory), { newsletter: renderConfig().newsletter, budget })).rejects.toMatchObject({
      code: "EBUDGET",
      message: expect.stringMatching(/over budget\.maxKb \(20 KB\): Gmail clips larger messages/),
    });
  });

  it("only warns past budget.maxKb when budget.enforce is false", async () => {
    const { log, warnings } = collectingLogger();
    const { budget } = renderConfig("budget: {warnKb: 10, maxKb: 20, enforce: false}");
    const issue = await renderIssue(digest(12, {}, longStory), { newsletter: renderConfig().newsletter, budget, log });
    expect(issue.htmlBytes).toBeGreaterThan(20 * 1024);
    expect(warnings).toEqual([expect.stringMatching(/over budget\.maxKb \(20 KB\)/)]);
  });
});
