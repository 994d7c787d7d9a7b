// The rendered digest in a real headless Chromium: no horizontal scrolling on phones, dark mode applied.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { openMjmlCompiler, type MjmlCompiler } from "../../src/render/mjml.ts";
import { renderIssue } from "../../src/render/renderIssue.ts";
import { launchChromium, type TestBrowser } from "../helpers/chromium.ts";
import { digest, longStory, messageFor, renderConfig } from "./renderFixtures.ts";

/** A lead with a long unbroken word and a 1200×800 image: the things that push a narrow layout sideways. */
async function renderedDigest(): Promise<string> {
  const config = renderConfig("theme: {logo: {url: 'https://news.example.org/logo.png', width: 240, height: 60}}\nlinks: {utm: {}}", "postalAddress: '1 Example Street, Springfield'");
  const lead = {
    title: "Supercalifragilisticexpialidocious-antidisestablishmentarianism-pneumonoultramicroscopic wins the vote",
    image: { url: "https://img.example.org/lead.jpg", alt: "The council chamber", credit: "Jane Photographer", width: 1200, height: 800 },
  };
  const issue = await renderIssue({ ...digest(12, lead, longStory), note: "Good morning. A short week, a long agenda." }, {
    newsletter: config.newsletter,
    theme: config.theme,
    links: config.links,
    archiveUrl: "https://news.example.org/archive/2026-11-25-1200.html",
  });
  return messageFor(issue).html;
}

/** The lead image's rendered width at each viewport width, for a lead image of the given size (or of unknown size). */
async function leadImageWidths(browser: TestBrowser, mjml: MjmlCompiler, size: { width: number; height: number } | undefined) {
  const issue = await renderIssue(digest(1, { image: { url: "https://img.example.org/lead.jpg", ...size } }), { newsletter: renderConfig().newsletter, mjml });
  const page = await browser.context.newPage();
  try {
    await page.setContent(messageFor(issue).html, { waitUntil: "load" });
    const widths: Record<number, number> = {};
    for (const width of [320, 375, 600]) {
      await page.setViewportSize({ width, height: 800 });
      widths[width] = await page.evaluate(() => document.querySelector('img[src="https://img.example.org/lead.jpg"]')!.getBoundingClientRect().width);
    }
    return widths;
  } finally {
    await page.close();
  }
}

async function measure(page: Page, width: number) {
  await page.setViewportSize({ width, height: 800 });
  return page.evaluate(() => {
    const root = document.scrollingElement!;
    const texts = [...document.querySelectorAll(".ll-surface div")].filter((el) => el.children.length === 0 && el.textContent!.trim());
    return {
      scrollWidth: root.scrollWidth,
      clientWidth: root.clientWidth,
      widest: Math.max(...[...document.querySelectorAll("body *")].map((el) => el.getBoundingClientRect().right)),
      smallestFontPx: Math.min(...texts.map((el) => parseFloat(getComputedStyle(el).fontSize))),
      imagesLoaded: [...document.images].every((img) => img.complete),
    };
  });
}

/** Each visible piece of text, with its colour's contrast against what is behind it (WCAG ratio). */
function textContrasts(page: Page) {
  return page.evaluate(() => {
    const rgb = (css: string) => (css.match(/[\d.]+/g) ?? []).map(Number);
    const luminance = (css: string) => {
      const [r = 0, g = 0, b = 0] = rgb(css).map((v) => v / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const backgroundOf = (start: Element) => {
      for (let el: Element | null = start; el; el = el.parentElement) {
        const colour = getComputedStyle(el).backgroundColor;
        if (rgb(colour)[3] !== 0) return colour;
      }
      return "rgb(255, 255, 255)";
    };
    const ownText = (el: Element) => [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim());
    return [...document.querySelectorAll("body *")]
      .filter((el) => ownText(el) && el.getClientRects().length > 0 && getComputedStyle(el).opacity !== "0")
      .map((el) => {
        const [fg, bg] = [luminance(getComputedStyle(el).color), luminance(backgroundOf(el))];
        const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
        return { text: el.textContent!.trim().slice(0, 40), ratio: Math.round(ratio * 100) / 100 };
      });
  });
}

/** The background a reader sees beside the content column, and the article wrapper MJML puts around it. */
function gutterColours(page: Page) {
  return page.evaluate(() => {
    const visible = (el: Element | null) => {
      for (; el; el = el.parentElement) {
        const colour = getComputedStyle(el).backgroundColor;
        if (colour !== "rgba(0, 0, 0, 0)") return colour;
      }
      return "none";
    };
    return {
      wrapper: getComputedStyle(document.querySelector('[role="article"]')!).backgroundColor,
      gutter: visible(document.elementFromPoint(8, 200)),
    };
  });
}

describe("the default theme in headless Chromium", () => {
  let browser: TestBrowser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium();
    page = await browser.context.newPage();
    await page.setContent(await renderedDigest(), { waitUntil: "load" });
  }, 60_000);
  afterAll(async () => browser?.close());

  for (const width of [320, 375, 600]) {
    it(`has no horizontal scroll at ${width} px`, async () => {
      const m = await measure(page, width);
      expect(m.imagesLoaded).toBe(true);
      expect(m.clientWidth).toBe(width);
      expect(m.scrollWidth).toBeLessThanOrEqual(width);
      expect(m.widest).toBeLessThanOrEqual(width);
    });
  }

  it("shows a lead image narrower than the column at its own width, shrunk only to fit a phone", async () => {
    // The column is 552 px wide at 600 px, 327 px at 375 px and 272 px at 320 px.
    const mjml = openMjmlCompiler();
    try {
      expect(await leadImageWidths(browser, mjml, { width: 300, height: 200 })).toEqual({ 320: 272, 375: 300, 600: 300 });
      expect(await leadImageWidths(browser, mjml, { width: 1200, height: 800 })).toEqual({ 320: 272, 375: 327, 600: 552 });
      expect(await leadImageWidths(browser, mjml, undefined)).toEqual({ 320: 272, 375: 327, 600: 552 });
    } finally {
      await mjml.close();
    }
  });

  it("keeps text readable at 320 px: nothing smaller than 12 px", async () => {
    expect((await measure(page, 320)).smallestFontPx).toBeGreaterThanOrEqual(12);
  });

  it("switches to the dark palette when the reader prefers a dark scheme", async () => {
    const colours = () =>
      page.evaluate(() => ({
        body: getComputedStyle(document.body).backgroundColor,
        surface: getComputedStyle(document.querySelector(".ll-surface")!).backgroundColor,
      }));
    await page.emulateMedia({ colorScheme: "light" });
    expect(await colours()).toEqual({ body: "rgb(244, 244, 242)", surface: "rgb(255, 255, 255)" });
    await page.emulateMedia({ colorScheme: "dark" });
    expect(await colours()).toEqual({ body: "rgb(13, 17, 23)", surface: "rgb(22, 27, 34)" });
    await page.emulateMedia({ colorScheme: "light" });
  });

  for (const colorScheme of ["light", "dark"] as const) {
    it(`shows the ${colorScheme} page background beside the column and keeps all text at 4.5:1 contrast or more`, async () => {
      await page.setViewportSize({ width: 800, height: 800 });
      await page.emulateMedia({ colorScheme });
      const background = colorScheme === "dark" ? "rgb(13, 17, 23)" : "rgb(244, 244, 242)";
      expect(await gutterColours(page)).toEqual({ wrapper: background, gutter: background });
      const contrasts = await textContrasts(page);
      expect(contrasts.map((c) => c.text)).toEqual(expect.arrayContaining(["Unsubscribe", "1 Example Street, Springfield"]));
      expect(contrasts.filter((c) => c.ratio < 4.5)).toEqual([]);
      await page.emulateMedia({ colorScheme: "light" });
    });
  }
});
