import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DomUtils, parseDocument } from "htmlparser2";
import { mjmlCompilations, openMjmlCompiler } from "../../src/render/mjml.ts";
import { renderIssue, renderWebVersion } from "../../src/render/renderIssue.ts";
import { makeTempDir, type TempDir } from "../helpers/fixtures.ts";
import { digest, messageFor, newsletter, recipients, story } from "./renderFixtures.ts";

describe("renderIssue", () => {
  let temp: TempDir | undefined;
  afterEach(() => temp?.remove());

  /** A template folder in a temp dir holding only the given files. */
  function themeDir(files: Record<string, string>): string {
    temp = makeTempDir();
    const dir = path.join(temp.dir, "theme");
    for (const [name, content] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      writeFileSync(path.join(dir, name), content);
    }
    return dir;
  }

  it("compiles MJML once per issue and fills personal fields per recipient", async () => {
    const before = mjmlCompilations();
    const issue = await renderIssue(digest(), { newsletter, subscriberFields: ["city"] });
    const messages = recipients.map((r) => messageFor(issue, r));
    expect(mjmlCompilations() - before).toBe(1);
    expect(messages[0]!.html).toContain("ada@example.org");
    expect(messages[0]!.html).toContain('href="https://news.example.org/unsubscribe/1.token"');
    expect(messages[1]!.html).toContain("alan@example.org");
    expect(messages[1]!.html).toContain('href="https://news.example.org/unsubscribe/2.token"');
    expect(messages[1]!.html).not.toContain("ada@example.org");
    expect(messages[0]!.text).toContain("<https://news.example.org/unsubscribe/1.token>");
    expect(messages[1]!.text).toContain("alan@example.org");
    for (const message of messages) expect(message.html + message.text).not.toMatch(/%%ll/);
  });

  it("dates the issue by its schedule slot in the schedule's time zone", async () => {
    // 22:00 UTC on the 24th is 07:00 on the 25th in Tokyo: the morning issue of the 25th.
    const issue = await renderIssue(digest(), { newsletter, issueTime: { instant: "2026-11-24T22:00:00Z", timeZone: "Asia/Tokyo" } });
    expect(messageFor(issue).text).toContain("Wednesday, November 25, 2026");
    const utc = await renderIssue(digest(), { newsletter, issueTime: { instant: "2026-11-24T22:00:00Z", timeZone: "UTC" } });
    expect(messageFor(utc).text).toContain("Tuesday, November 24, 2026");
  });

  it("puts imported subscriber fields in the subject and body", async () => {
    const issue = await renderIssue(digest(), {
      newsletter: { ...newsletter, subject: "{{subscriber.city}} edition: {{lead.title}}" },
      subscriberFields: ["city"],
    });
    expect(recipients.map((r) => messageFor(issue, r).subject)).toEqual([
      "London edition: Story number 0",
      "Manchester edition: Story number 0",
    ]);
  });

  it("escapes feed text and never treats it as a template or a personal field", async () => {
    const issue = await renderIssue(digest(1, { title: '<script>alert(1)</script> {{subscriber.email}} %%llabc:subscriber.email%%' }), { newsletter });
    const html = messageFor(issue).html;
    expect(html).not.toContain("<script>alert(1)");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt; {{subscriber.email}} %%llabc:subscriber.email%%");
  });

  it("uses a newsletter's own partials and the default theme for the rest", async () => {
    const dir = themeDir({
      "partials/headline.mjml": '<mj-section><mj-column><mj-text css-class="custom-headline">CUSTOM {{title}}</mj-text></mj-column></mj-section>\n',
    });
    const issue = await renderIssue(digest(2), { newsletter, templateDir: dir });
    const html = messageFor(issue).html;
    expect(html).toContain("CUSTOM Story number 1");
    expect(html).toContain("CUSTOM Story number 2");
    expect(html).toContain("Story number 0"); // lead partial from the default theme
    expect(html).toContain("Unsubscribe"); // footer partial from the default theme
  });

  it("renders a custom folder's own layout, extra partial and text template", async () => {
    const dir = themeDir({
      "layout.mjml": '<mjml lang="{{newsletter.lang}}"><mj-body>{{> masthead}}{{> lead lead}}{{> footer}}</mj-body></mjml>\n',
      "partials/masthead.mjml": "<mj-section><mj-column><mj-text>MASTHEAD for {{subscriber.name}}</mj-text></mj-column></mj-section>\n",
      "text.hbs": "Hello {{subscriber.name}}: {{lead.title}}\n",
    });
    const issue = await renderIssue(digest(2), { newsletter, templateDir: dir });
    const [ada, alan] = recipients.map((r) => messageFor(issue, r));
    expect(ada!.html).toContain("MASTHEAD for Ada");
    expect(alan!.html).toContain("MASTHEAD for Alan");
    expect(ada!.html).not.toContain("Story number 1"); // this layout shows no headlines
    expect(ada!.text).toBe("Hello Ada: Story number 0\n");
  });

  it("shows the editor's note and headline sections when the digest has them", async () => {
    const sectioned = {
      ...digest(3),
      note: "Good morning: a short week.",
      sections: [
        { title: "Politics", headlines: [story(1)] },
        { title: "Science", headlines: [story(2), story(3)] },
      ],
    };
    const issue = await renderIssue(sectioned, { newsletter });
    const { html, text } = messageFor(issue);
    expect(html).toContain("Good morning: a short week.");
    expect(html).not.toContain("More headlines");
    expect(html.indexOf("Politics")).toBeLessThan(html.indexOf("Story number 1"));
    expect(html.indexOf("Science")).toBeLessThan(html.indexOf("Story number 2"));
    expect(html.indexOf("Story number 1")).toBeLessThan(html.indexOf("Science"));
    expect(text).toMatch(/Good morning: a short week\.[\s\S]*POLITICS\n--------\n[\s\S]*Story number 1[\s\S]*SCIENCE\n-------\n/);
  });

  it("labels the lead image's credit once: a credit with a label of its own loses it, one that is only a label is left out", async () => {
    const mjml = openMjmlCompiler();
    const captionLine = async (credit: string) => {
      const image = { url: "https://img.example.org/lead.jpg", alt: "The council chamber", credit };
      const html = messageFor(await renderIssue(digest(1, { image }), { newsletter, mjml })).html;
      const texts = DomUtils.findAll((el) => el.name === "div" && !el.children.some(DomUtils.isTag), parseDocument(html).children);
      return texts.map((el) => DomUtils.textContent(el).trim()).find((text) => text.startsWith("The council chamber"));
    };
    try {
      // "Photo" is what the feed stage leaves of `Photo <script>x</script>`.
      expect(await captionLine("Photo")).toBe("The council chamber");
      expect(await captionLine("Photograph: Carl Court/Getty Images")).toBe("The council chamber · Photo: Carl Court/Getty Images");
      expect(await captionLine("Photo by Jane Doe")).toBe("The council chamber · Photo: Jane Doe");
      expect(await captionLine("Picture Alliance")).toBe("The council chamber · Photo: Picture Alliance");
    } finally {
      await mjml.close();
    }
  });

  it("writes no empty block for a story without a teaser", async () => {
    const emptyBlocks = (html: string) =>
      DomUtils.findAll((el) => el.name === "div" && !DomUtils.textContent(el).trim() && !DomUtils.findOne((e) => e.name === "img", el.children), parseDocument(html).children).length;
    const d = digest(2);
    const mjml = openMjmlCompiler();
    try {
      const withTeasers = emptyBlocks(messageFor(await renderIssue(d, { newsletter, mjml })).html);
      d.lead.teaser = "";
      d.headlines[0]!.teaser = "";
      expect(emptyBlocks(messageFor(await renderIssue(d, { newsletter, mjml })).html)).toBe(withTeasers);
    } finally {
      await mjml.close();
    }
  });

  it("keeps the line breaks and paragraphs of an editor's note, escaped, whether saved with LF or CRLF", async () => {
    const note = "Good morning.\nA short week: <three days> & a holiday.\n\n\nSee you on Friday.";
    const noteHtml = (html: string) => /<div[^>]*>(Good morning\.[^]*?)<\/div>/.exec(html)?.[1];
    const expected = "Good morning.<br>A short week: &lt;three days&gt; &amp; a holiday.<br><br>See you on Friday.";
    const mjml = openMjmlCompiler();
    try {
      expect(noteHtml(messageFor(await renderIssue({ ...digest(1), note }, { newsletter, mjml })).html)).toBe(expected);
      expect(noteHtml(messageFor(await renderIssue({ ...digest(1), note: note.replace(/\n/g, "\r\n") }, { newsletter, mjml })).html)).toBe(expected);
    } finally {
      await mjml.close();
    }
  });

  it("uses the configured preheader, else the lead's teaser", async () => {
    const hidden = (html: string) => /<div style="display:none;[^"]*">([^<]*)/.exec(html)?.[1]?.trim();
    expect(hidden(messageFor(await renderIssue(digest(), { newsletter })).html)).toBe("Teaser of story 0…");
    const custom = await renderIssue(digest(), { newsletter: { ...newsletter, preheader: "Today for {{subscriber.name}}: {{lead.title}}" } });
    expect(hidden(messageFor(custom).html)).toBe("Today for Ada: Story number 0");
  });

  it("links to the web version, and the web version carries no personal data", async () => {
    const archiveUrl = "https://news.example.org/archive/2026-11-25-1200.html";
    const options = { newsletter: { ...newsletter, postalAddress: "1 Example Street" }, archiveUrl };
    const message = messageFor(await renderIssue(digest(), options));
    expect(message.html).toContain(`<a href="${archiveUrl}">View in browser</a>`);
    expect(message.text).toContain(`<${archiveUrl}>`);
    const web = await renderWebVersion(digest(), options);
    expect(web).toContain("Story number 0");
    expect(web).toContain("1 Example Street");
    expect(web).not.toMatch(/unsubscribe|View in browser|%%ll/i);
  });

  it("names the template file and line of a broken MJML tag", async () => {
    const dir = themeDir({ "partials/headline.mjml": "<mj-section>\n  <mj-column>\n    <mj-txt>{{title}}</mj-txt>\n  </mj-column>\n</mj-section>\n" });
    await expect(renderIssue(digest(1), { newsletter, templateDir: dir })).rejects.toThrow(
      /theme\/partials\/headline\.mjml:3: Element mj-txt doesn't exist/,
    );
  });

  it("names the template file and line of a broken Handlebars expression", async () => {
    const dir = themeDir({ "partials/headline.mjml": "<mj-section>\n<mj-column>\n<mj-text>{{#if title}}{{title}}</mj-text>\n</mj-column>\n</mj-section>\n" });
    await expect(renderIssue(digest(1), { newsletter, templateDir: dir })).rejects.toThrow(/theme\/partials\/headline\.mjml:\d+: Handlebars/);
  });

  it("refuses a personal field passed through a helper, which would send its placeholder: it is filled in per reader, after the templates ran", async () => {
    const subject = renderIssue(digest(1), { newsletter: { ...newsletter, subject: "{{upper subscriber.city}}: {{lead.title}}" }, subscriberFields: ["city"] });
    await expect(subject).rejects.toThrow(
      "newsletter.subject: subscriber.city is changed by a helper before it has a value (personal fields are filled in for each reader after the templates run): write {{subscriber.city}} as it is",
    );
    const dir = themeDir({ "partials/headline.mjml": "<mj-section><mj-column><mj-text>{{upper @root.subscriber.name}} {{title}}</mj-text></mj-column></mj-section>\n" });
    await expect(renderIssue(digest(2), { newsletter, templateDir: dir })).rejects.toThrow(
      "the HTML templates (layout.mjml, partials/): subscriber.name is changed by a helper before it has a value",
    );
  });

  it("refuses {{{…}}} in the HTML templates, which would write a feed's own markup into every message", async () => {
    const dir = themeDir({ "partials/lead.mjml": "<mj-section>\n<mj-column>\n<mj-text>{{#if teaser}}{{{teaser}}}{{/if}}</mj-text>\n</mj-column>\n</mj-section>\n" });
    await expect(renderIssue(digest(1), { newsletter, templateDir: dir })).rejects.toThrow(
      /theme\/partials\/lead\.mjml:3: \{\{\{teaser\}\}\} writes its value unescaped, and feed text could bring its own HTML into every message; write \{\{…\}\} with two braces$/,
    );
    // The text part is plain text: nothing there is markup.
    const text = themeDir({ "text.hbs": "{{{lead.title}}}\n{{unsubscribeUrl}}\n" });
    expect((await renderIssue(digest(1), { newsletter, templateDir: text })).text.parts.join("")).toContain("Story number 0");
  });

  it("refuses a template folder that is not a theme, which would build the default design without a word", async () => {
    const dir = themeDir({ "layout.mjml": "<mjml><mj-body></mj-body></mjml>\n", "lead.mjml": "<mj-section></mj-section>\n", "nested/layout.mjml": "" });
    const render = (templateDir: string) => renderIssue(digest(1), { newsletter, templateDir });
    await expect(render(dir)).rejects.toThrow(`template: ${dir}: lead.mjml would not be used: partials go in ${dir}/partials/`);
    await expect(render(`${dir}/layout.mjml`)).rejects.toThrow(`template: ${dir}/layout.mjml: is a file; expected the theme's folder (holding layout.mjml, text.hbs, partials/)`);
    await expect(render(path.dirname(dir))).rejects.toThrow(`template: ${path.dirname(dir)}: holds no template (layout.mjml, text.hbs or partials/*.mjml)`);
    await expect(render(`${dir}/none`)).rejects.toThrow(`template: ${dir}/none: folder not found`);
  });

  it("names an mj- tag left open, which MJML would close anywhere and drop content for, without an error", async () => {
    const headline = "<mj-section>\n  <mj-column>\n    <mj-text>{{title}}</mj-text>\n    <mj-text>{{feedName}}\n  </mj-column>\n</mj-section>\n";
    await expect(renderIssue(digest(2), { newsletter, templateDir: themeDir({ "partials/headline.mjml": headline }) })).rejects.toThrow(
      /theme\/partials\/headline\.mjml:4: <mj-text> is not closed before <\/mj-column> on line 5$/,
    );
    // Each branch of a block must leave the same tags open: MJML would close the other's anywhere.
    const branches = "<mj-section>\n<mj-column>\n{{#if feedName}}<mj-text>A</mj-text>\n{{else}}<mj-text>B\n{{/if}}\n</mj-column>\n</mj-section>\n";
    await expect(renderIssue(digest(2), { newsletter, templateDir: themeDir({ "partials/headline.mjml": branches }) })).rejects.toThrow(
      /theme\/partials\/headline\.mjml:3: the branches of this block leave different tags open \(<mj-section> <mj-column> in the first, <mj-section> <mj-column> <mj-text> in another\)/,
    );
    const layout = "<mjml>\n  <mj-body>\n    {{> lead lead}}\n</mjml>\n";
    await expect(renderIssue(digest(1), { newsletter, templateDir: themeDir({ "layout.mjml": layout }) })).rejects.toThrow(
      /theme\/layout\.mjml:2: <mj-body> is not closed before <\/mjml> on line 4$/,
    );
  });

  it("takes valid templates those checks must not refuse: tags opened in if/else branches or in comments, partials inside a tag, partial blocks and a caller's inline partials", async () => {
    const dir = themeDir({
      "partials/headline.mjml": [
        "<!-- a <mj-text> in a comment -->{{!-- and <mj-section> here --}}",
        '{{!-- a comment --~}}{{~! and <mj-section> here }}{{#if feedName}}<mj-section padding="0">{{^}}<mj-section padding="8px">{{/if}}',
        "<mj-column>",
        "<mj-text>{{title}}</mj-text>",
        '<mj-button title="{{upper "don\'t miss"}}" href="{{link}}">Read</mj-button>',
        '<mj-image src="https://img.example.org/x.png" alt="{{> altText}}" />',
        "{{> byline}}",
        "{{#> frame}}{{feedName}}{{/frame}}",
        "</mj-column>",
        "</mj-section>",
      ].join("\n"),
      "partials/frame.mjml": "<mj-text>{{> @partial-block}}</mj-text>",
      "partials/altText.mjml": "{{title}}",
      "layout.mjml": '{{#*inline "byline"}}<mj-text>by {{feedName}}</mj-text>{{/inline}}<mjml><mj-body>{{#each headlines}}{{> headline}}{{/each}}</mj-body></mjml>',
    });
    const issue = await renderIssue(digest(3), { newsletter, templateDir: dir });
    expect(issue.html.parts.join("")).toContain("by ");
  });

  it("names the file and line of a partial or helper that does not exist, not the layout that includes it", async () => {
    const headline = (line: string) => themeDir({ "partials/headline.mjml": `<mj-section>\n<mj-column>\n<mj-text>{{title}}</mj-text>\n<mj-text>${line}</mj-text>\n</mj-column>\n</mj-section>\n` });
    await expect(renderIssue(digest(2), { newsletter, templateDir: headline("{{> alsoin}}") })).rejects.toThrow(/theme\/partials\/headline\.mjml:4: there is no partial "alsoin" \(the partials are alsoIn, footer, /);
    await expect(renderIssue(digest(2), { newsletter, templateDir: headline("{{uper feedName}}") })).rejects.toThrow(/theme\/partials\/headline\.mjml:4: there is no helper "uper" \(the helpers are .*upper/);
    const text = themeDir({ "text.hbs": "{{lead.title}}\n{{> sponsor}}\n" });
    await expect(renderIssue(digest(1), { newsletter, templateDir: text })).rejects.toThrow(/theme\/text\.hbs:2: there is no partial "sponsor" \(this template has no partials\)/);
  });

  it("names the line of a broken expression in the layout", async () => {
    const dir = themeDir({ "layout.mjml": "<mjml>\n  <mj-body>\n    {{> lead lead}\n  </mj-body>\n</mjml>\n" });
    await expect(renderIssue(digest(1), { newsletter, templateDir: dir })).rejects.toThrow(/theme\/layout\.mjml:3: Handlebars/);
  });
});
