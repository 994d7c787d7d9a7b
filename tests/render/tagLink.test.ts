import { DomUtils, parseDocument } from "htmlparser2";
import { describe, expect, it } from "vitest";
import { renderIssue } from "../../src/render/renderIssue.ts";
import { tagLink } from "../../src/render/tagLink.ts";
import { digest, messageFor, renderConfig } from "./renderFixtures.ts";

const tags = { source: "Test Brief", medium: "email", campaign: "2026-11-25" };

describe("UTM tagging of article links", () => {
  it("adds source, medium and campaign, keeping the link's own query and fragment", () => {
    expect(tagLink("https://news.example.org/a?id=7#top", tags)).toBe(
      "https://news.example.org/a?id=7&utm_source=Test+Brief&utm_medium=email&utm_campaign=2026-11-25#top",
    );
  });

  it("leaves links that already carry UTM tags, non-web links and untagged issues alone", () => {
    expect(tagLink("https://news.example.org/a?utm_source=rss", tags)).toBe("https://news.example.org/a?utm_source=rss");
    expect(tagLink("mailto:desk@example.org", tags)).toBe("mailto:desk@example.org");
    expect(tagLink("https://news.example.org/a", undefined)).toBe("https://news.example.org/a");
  });

  it("tags the lead and headline links in HTML and text when links.utm is set, and nothing else", async () => {
    const config = renderConfig("links: {utm: {source: daily, campaign: morning}}");
    const issue = await renderIssue(digest(2), { newsletter: config.newsletter, links: config.links });
    const { html, text } = messageFor(issue);
    const hrefs = DomUtils.getElementsByTagName("a", parseDocument(html).children).map((a) => a.attribs.href);
    for (const n of [0, 1, 2]) {
      const tagged = `https://news.example.org/${n}?utm_source=daily&utm_medium=email&utm_campaign=morning`;
      expect(hrefs).toContain(tagged);
      expect(text).toContain(`<${tagged}>`);
    }
    expect(hrefs.filter((href) => /^https:\/\/news\.example\.org\/\d/.test(href ?? "") && !href!.includes("utm_"))).toEqual([]);
    expect(hrefs).toContain("https://news.example.org"); // the site link is not an article
  });

  it("tags the other feeds' links of a story too", async () => {
    const config = renderConfig("links: {utm: {}}");
    const alsoIn = [{ id: "x", feedName: "Wire", title: "Same story", link: "https://wire.example.org/same" }];
    const issue = await renderIssue(digest(1, { alsoIn }), { newsletter: config.newsletter, links: config.links });
    const hrefs = DomUtils.getElementsByTagName("a", parseDocument(messageFor(issue).html).children).map((a) => a.attribs.href);
    expect(hrefs).toContain("https://wire.example.org/same?utm_source=Test+Brief&utm_medium=email&utm_campaign=2026-11-25");
  });

  it("tags nothing by default", async () => {
    const { html } = messageFor(await renderIssue(digest(2), { newsletter: renderConfig().newsletter }));
    expect(html).not.toContain("utm_");
  });
});
