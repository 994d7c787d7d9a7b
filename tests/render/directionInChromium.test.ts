// Text direction in a real headless Chromium: an RTL issue lines up on the right, and feed text keeps its own direction.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import type { DigestStory } from "../../src/digest/digest.ts";
import { renderIssue } from "../../src/render/renderIssue.ts";
import { launchChromium, type TestBrowser } from "../helpers/chromium.ts";
import { digest, messageFor, renderConfig, story } from "./renderFixtures.ts";

const arabicStory = (n: number, extra: Partial<DigestStory> = {}) =>
  story(n, { title: `خبر رقم ${n}`, teaser: `ملخص الخبر ${n}`, feedName: "العالم", ...extra });

async function renderedHtml(dir: "ltr" | "rtl", lead: Partial<DigestStory>, make = story): Promise<string> {
  const config = renderConfig("", dir === "rtl" ? "lang: ar, dir: rtl" : "");
  const issue = await renderIssue({ ...digest(2, lead, make), note: "صباح الخير." }, {
    newsletter: config.newsletter,
    theme: config.theme,
    archiveUrl: "https://news.example.org/archive/2026-11-25-1200.html",
  });
  return messageFor(issue).html;
}

/** Each block of text's direction, and where it sits in its box: against the left edge, the right edge, or neither (centred). */
function textSides(page: Page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('[role="article"] td > div:not([class])')]
      .filter((el) => el.textContent!.trim())
      .map((el) => {
        const box = el.getBoundingClientRect();
        // A line of mixed-direction text is several boxes: join the boxes of each line.
        const lines = new Map<number, { left: number; right: number }>();
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const range = document.createRange();
          range.selectNodeContents(node);
          for (const r of [...range.getClientRects()].filter((r) => r.width > 0)) {
            const line = lines.get(Math.round(r.bottom)) ?? { left: r.left, right: r.right };
            lines.set(Math.round(r.bottom), { left: Math.min(line.left, r.left), right: Math.max(line.right, r.right) });
          }
        }
        const atLeft = [...lines.values()].every((r) => r.left - box.left < 1);
        const atRight = [...lines.values()].every((r) => box.right - r.right < 1);
        const side = atLeft === atRight ? "centre" : atLeft ? "left" : "right";
        return { text: el.textContent!.trim(), direction: getComputedStyle(el).direction, side };
      }),
  );
}

/** The "Read the story" button's distance from the left and right edges of its cell's content box. */
function buttonGaps(page: Page) {
  return page.evaluate(() => {
    const cell = document.querySelector(".ll-button")!;
    const button = cell.querySelector("table")!.getBoundingClientRect();
    const style = getComputedStyle(cell);
    const box = cell.getBoundingClientRect();
    return {
      left: Math.round(button.left - box.left - parseFloat(style.paddingLeft)),
      right: Math.round(box.right - parseFloat(style.paddingRight) - button.right),
    };
  });
}

/** Where the Arabic words and the Latin word of a mixed title sit, and the direction and side of the block holding it. */
function mixedTitleLayout(page: Page, latinWord: string) {
  return page.evaluate((latin) => {
    const walker = document.createTreeWalker(document.querySelector('[role="article"]')!, NodeFilter.SHOW_TEXT);
    let node = walker.nextNode();
    while (node && !node.textContent!.includes(latin)) node = walker.nextNode();
    const at = node!.textContent!.indexOf(latin);
    const rectOf = (start: number, end: number) => {
      const range = document.createRange();
      range.setStart(node!, start);
      range.setEnd(node!, end);
      return range.getBoundingClientRect();
    };
    const block = node!.parentElement!.closest("h1, h3, div")!;
    const box = block.getBoundingClientRect();
    const whole = rectOf(0, node!.textContent!.length);
    return {
      direction: getComputedStyle(block).direction,
      latinLeftOfArabic: rectOf(at, at + latin.length).right <= rectOf(0, at).left,
      atRight: box.right - whole.right < 1,
    };
  }, latinWord);
}

describe("text direction in headless Chromium", () => {
  let browser: TestBrowser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium();
    page = await browser.context.newPage();
    await page.setViewportSize({ width: 600, height: 800 });
  }, 60_000);
  afterAll(async () => browser?.close());

  it("lines an RTL issue's text and its button up on the right, and puts the note's rule on the right", async () => {
    const lead = { title: "المجلس يقر الميزانية", teaser: "ناقش الأعضاء الميزانية.", feedName: "الأخبار", author: "مراسل" };
    await page.setContent(await renderedHtml("rtl", lead, arabicStory), { waitUntil: "load" });
    const sides = await textSides(page);
    expect(sides.filter((s) => s.direction !== "rtl")).toEqual([]);
    expect(sides.filter((s) => s.side === "left").map((s) => s.text)).toEqual(["View in browser"]);
    expect(sides.filter((s) => s.side === "right").map((s) => s.text)).toEqual(
      expect.arrayContaining(["صباح الخير.", "المجلس يقر الميزانية", "الأخبار · مراسل", "ناقش الأعضاء الميزانية.", "More headlines", "خبر رقم 1", "ملخص الخبر 1", "العالم"]),
    );
    const gaps = await buttonGaps(page);
    expect(gaps.right).toBe(0);
    expect(gaps.left).toBeGreaterThan(300);
    const rule = await page.evaluate(() => {
      const note = [...document.querySelectorAll("td > div:not([class])")].find((el) => el.textContent!.trim() === "صباح الخير.")!;
      const style = getComputedStyle(note.closest("table")!);
      return { left: style.borderLeftWidth, right: style.borderRightWidth };
    });
    expect(rule).toEqual({ left: "0px", right: "4px" });
  });

  it("lays out an Arabic title and teaser right to left, on the right, in an LTR issue", async () => {
    const lead = { title: "الميزانية الجديدة Budget", teaser: "ملخص الميزانية Council" };
    const headline = (n: number, extra: Partial<DigestStory> = {}) => story(n, { title: `خبر رقم ${n} Transit`, ...extra });
    await page.setContent(await renderedHtml("ltr", lead, headline), { waitUntil: "load" });
    const right = { direction: "rtl", latinLeftOfArabic: true, atRight: true };
    expect(await mixedTitleLayout(page, "Budget")).toEqual(right);
    expect(await mixedTitleLayout(page, "Council")).toEqual(right);
    expect(await mixedTitleLayout(page, "Transit")).toEqual(right);
    expect((await textSides(page)).find((s) => s.text === "Teaser of story 1…")).toMatchObject({ direction: "ltr", side: "left" });
  });

  it("keeps an LTR issue's text and button on the left", async () => {
    await page.setContent(await renderedHtml("ltr", {}), { waitUntil: "load" });
    const sides = await textSides(page);
    expect(sides.filter((s) => s.direction !== "ltr")).toEqual([]);
    expect(sides.filter((s) => s.side === "right").map((s) => s.text)).toEqual(["View in browser"]);
    expect(sides.filter((s) => s.side === "left").map((s) => s.text)).toEqual(expect.arrayContaining(["Story number 0", "Teaser of story 1…"]));
    expect((await buttonGaps(page)).left).toBe(0);
  });
});
