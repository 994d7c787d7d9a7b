import { cpSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/load.ts";
import type { Digest, DigestStory } from "../../src/digest/digest.ts";
import { mjmlCompilations } from "../../src/render/mjml.ts";
import { renderIssue } from "../../src/render/renderIssue.ts";
import { composeMessage } from "../../src/send/composeMessage.ts";
import { makeTempDir, type TempDir } from "../helpers/fixtures.ts";

const { newsletter } = parseConfig(
  'newsletter: {name: "Test Brief", from: "Test <news@example.org>", siteUrl: "https://news.example.org"}\nfeeds: [{url: a.xml}]',
  "c.yaml",
);

const story = (n: number, extra: Partial<DigestStory> = {}): DigestStory => ({
  id: `s${n}`,
  title: `Story number ${n}`,
  link: `https://news.example.org/${n}`,
  feedName: "World",
  published: "2026-11-25T10:00:00.000Z",
  teaser: `Teaser of story ${n}…`,
  categories: [],
  ...extra,
});

const digest = (headlines = 3, lead: Partial<DigestStory> = {}): Digest => ({
  generatedAt: "2026-11-25T12:00:00.000Z",
  lead: story(0, { image: { url: "https://img.example.org/lead.jpg" }, ...lead }),
  headlines: Array.from({ length: headlines }, (_, i) => story(i + 1)),
  why: "test",
  candidates: headlines + 1,
  feeds: [],
});

const recipients = [
  { id: 1, email: "ada@example.org", name: "Ada", fields: { city: "London" } },
  { id: 2, email: "alan@example.org", name: "Alan", fields: { city: "Manchester" } },
];

const context = (issue: Awaited<ReturnType<typeof renderIssue>>) => ({
  newsletter,
  issue,
  issueKey: "issue-1",
  unsubscribeUrl: (r: { id: number }) => `https://news.example.org/unsubscribe/${r.id}.token`,
  now: new Date("2026-11-25T12:00:00Z"),
});

describe("renderIssue", () => {
  let temp: TempDir | undefined;
  afterEach(() => temp?.remove());

  it("compiles MJML once per issue and fills personal fields per recipient", async () => {
    const before = mjmlCompilations();
    const issue = await renderIssue(digest(), { newsletter });
    const messages = recipients.map((r) => composeMessage(r, context(issue)));
    expect(mjmlCompilations() - before).toBe(1);
    expect(messages[0]!.html).toContain("ada@example.org");
    expect(messages[0]!.html).toContain('href="https://news.example.org/unsubscribe/1.token"');
    expect(messages[1]!.html).toContain("alan@example.org");
    expect(messages[1]!.html).not.toContain("ada@example.org");
    expect(messages[0]!.text).toContain("Unsubscribe: <https://news.example.org/unsubscribe/1.token>");
    expect(messages[0]!.html).not.toMatch(/%%ll/);
  });

  it("puts imported subscriber fields in the subject and body", async () => {
    const issue = await renderIssue(digest(), {
      newsletter: { ...newsletter, subject: "{{subscriber.city}} edition: {{lead.title}}" },
      subscriberFields: ["city"],
    });
    expect(recipients.map((r) => composeMessage(r, context(issue)).subject)).toEqual([
      "London edition: Story number 0",
      "Manchester edition: Story number 0",
    ]);
  });

  it("escapes feed text and never treats it as a template or a personal field", async () => {
    const issue = await renderIssue(digest(1, { title: '<script>alert(1)</script> {{subscriber.email}} %%llabc:subscriber.email%%' }), { newsletter });
    const html = composeMessage(recipients[0]!, context(issue)).html;
    expect(html).not.toContain("<script>alert(1)");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt; {{subscriber.email}} %%llabc:subscriber.email%%");
  });

  it("uses a newsletter's own partials and the default theme for the rest", async () => {
    temp = makeTempDir();
    const dir = path.join(temp.dir, "theme");
    cpSync(path.resolve("templates/partials/headline.mjml"), path.join(dir, "partials/headline.mjml"));
    writeFileSync(
      path.join(dir, "partials/headline.mjml"),
      '<mj-section><mj-column><mj-text css-class="custom-headline">CUSTOM {{title}}</mj-text></mj-column></mj-section>\n',
    );
    const issue = await renderIssue(digest(2), { newsletter, templateDir: dir });
    const html = composeMessage(recipients[0]!, context(issue)).html;
    expect(html).toContain("CUSTOM Story number 1");
    expect(html).toContain("Story number 0"); // lead partial from the default theme
  });

  it("names the template file and line of a broken MJML tag", async () => {
    temp = makeTempDir();
    const dir = path.join(temp.dir, "theme");
    cpSync(path.resolve("templates/partials/headline.mjml"), path.join(dir, "partials/headline.mjml"));
    writeFileSync(path.join(dir, "partials/headline.mjml"), "<mj-section>\n  <mj-column>\n    <mj-txt>{{title}}</mj-txt>\n  </mj-column>\n</mj-section>\n");
    await expect(renderIssue(digest(1), { newsletter, templateDir: dir })).rejects.toThrow(
      /theme\/partials\/headline\.mjml:3: Element mj-txt doesn't exist/,
    );
  });

  it("names the template file and line of a broken Handlebars expression", async () => {
    temp = makeTempDir();
    const dir = path.join(temp.dir, "theme");
    cpSync(path.resolve("templates/partials/headline.mjml"), path.join(dir, "partials/headline.mjml"));
    writeFileSync(path.join(dir, "partials/headline.mjml"), "<mj-section>\n<mj-column>\n<mj-text>{{#if title}}{{title}}</mj-text>\n</mj-column>\n</mj-section>\n");
    await expect(renderIssue(digest(1), { newsletter, templateDir: dir })).rejects.toThrow(/theme\/partials\/headline\.mjml:\d+: Handlebars/);
  });
});
