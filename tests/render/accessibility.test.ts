import { DomUtils, parseDocument } from "htmlparser2";
import { describe, expect, it } from "vitest";
import { renderIssue, renderWebVersion } from "../../src/render/renderIssue.ts";
import { digest, longStory, messageFor, renderConfig } from "./renderFixtures.ts";

const withLogo = renderConfig("theme: {logo: {url: 'https://news.example.org/logo.png', width: 180, height: 40}}");

async function renderedHtml(config = renderConfig(), lead = {}) {
  const issue = await renderIssue(digest(12, lead, longStory), { newsletter: config.newsletter, theme: config.theme });
  return messageFor(issue).html;
}

function elements(html: string, name: string) {
  return DomUtils.getElementsByTagName(name, parseDocument(html).children);
}

describe("accessibility and compatibility of the default theme", () => {
  it("sets lang and dir from the config", async () => {
    const html = await renderedHtml(renderConfig("", "lang: ar, dir: rtl"));
    const root = elements(html, "html")[0]!;
    expect(root.attribs).toMatchObject({ lang: "ar", dir: "rtl" });
  });

  it("gives every image alt text, falling back to the story title, and a width", async () => {
    const html = await renderedHtml(withLogo);
    const images = elements(html, "img");
    expect(images.length).toBe(2);
    for (const img of images) {
      expect(img.attribs.alt?.trim()).toBeTruthy();
      expect(img.attribs.width).toMatch(/^\d+$/);
      expect(img.attribs.height).toBeDefined();
    }
    expect(images.map((img) => img.attribs.alt)).toEqual(["Test Brief", longStory(0).title]);
  });

  it("gives the logo and an image of known size a height in pixels that keeps its shape", async () => {
    const sized = { image: { url: "https://img.example.org/lead.jpg", alt: "Council chamber", width: 1200, height: 800 } };
    const html = await renderedHtml(withLogo, sized);
    const [logo, lead] = elements(html, "img");
    expect(logo!.attribs).toMatchObject({ width: "180", height: "40" });
    expect(lead!.attribs).toMatchObject({ alt: "Council chamber", width: "552", height: "368" });
  });

  it("marks every layout table as presentation", async () => {
    const tables = elements(await renderedHtml(), "table");
    expect(tables.length).toBeGreaterThan(10);
    for (const table of tables) expect(table.attribs.role).toBe("presentation");
  });

  it("uses absolute URLs for every link and image, in the message and the web version", async () => {
    const config = renderConfig("theme: {logo: {url: 'https://news.example.org/logo.png', width: 180, height: 40}}");
    const web = await renderWebVersion(digest(12, {}, longStory), { newsletter: config.newsletter, theme: config.theme });
    for (const html of [await renderedHtml(config), web]) {
      const urls = [...elements(html, "a").map((a) => a.attribs.href), ...elements(html, "img").map((i) => i.attribs.src)];
      expect(urls.length).toBeGreaterThan(12);
      for (const url of urls) expect(url).toMatch(/^(https?:\/\/[^/]+|mailto:)/);
    }
  });

  it("declares light and dark colour schemes and styles dark mode with the theme's colours", async () => {
    const html = await renderedHtml(renderConfig("theme: {dark: {background: '#101010'}}"));
    const meta = elements(html, "meta").find((m) => m.attribs.name === "color-scheme");
    expect(meta?.attribs.content).toBe("light dark");
    expect(html).toMatch(/@media \(prefers-color-scheme: dark\)\s*\{[^@]*background-color: #101010 !important/);
  });
});
