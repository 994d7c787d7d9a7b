import { describe, expect, it } from "vitest";
import { renderIssue } from "../../src/render/renderIssue.ts";
import { digest, longStory, messageFor, newsletter, story } from "./renderFixtures.ts";

async function textOf(d = digest(12, {}, longStory), postalAddress = "The Test Brief, 1 Example Street, Springfield") {
  return messageFor(await renderIssue(d, { newsletter: { ...newsletter, postalAddress } })).text;
}

describe("the plain-text part", () => {
  it("keeps every line under 78 characters, except a URL too long to fit on any line", async () => {
    const text = await textOf();
    const long = text.split("\n").filter((line) => line.length >= 78);
    expect(long.length).toBeGreaterThan(0); // the fixture's links are long enough to test this
    for (const line of long) expect(line.trim()).toMatch(/^<https:\/\/\S+>$/);
  });

  it("writes headings, underlined, and links as Title <url>", async () => {
    const text = await textOf(digest(2));
    expect(text).toMatch(/^Test Brief — Wednesday, November 25, 2026\n=+\n/);
    expect(text).toContain("STORY NUMBER 0\n--------------\n");
    expect(text).toContain("Read the story <https://news.example.org/0>");
    expect(text).toContain("MORE HEADLINES\n--------------\n");
    expect(text).toContain("* Story number 1 <https://news.example.org/1>\n  Teaser of story 1…\n  World\n");
    expect(text).toContain("Test Brief <https://news.example.org>");
  });

  it("contains no markup and decodes nothing twice", async () => {
    const text = await textOf(digest(1, { title: "Fish & chips <cheap>" }));
    expect(text).toContain("FISH & CHIPS <CHEAP>");
    expect(text).not.toMatch(/&amp;|&lt;|<mj-|<div|<table/);
  });

  it("leaves out the teaser line of a story without a teaser", async () => {
    const d = digest(2);
    d.lead.teaser = "";
    d.headlines[0]!.teaser = "";
    const text = await textOf(d);
    expect(text).toContain("--------------\nWorld\nRead the story <https://news.example.org/0>\n");
    expect(text).toContain("* Story number 1 <https://news.example.org/1>\n  World\n\n* Story number 2");
  });

  it("names the other feeds that carry a story, with their links, as the HTML part does", async () => {
    const alsoIn = (n: number) => [
      { id: `w${n}`, feedName: "Wire", title: "Same", link: `https://wire.example.org/${n}` },
      { id: `c${n}`, feedName: "Courier", title: "Same", link: `https://courier.example.org/${n}` },
    ];
    const d = digest(1, { author: "Jane Reporter", alsoIn: alsoIn(0) });
    d.headlines[0]!.alsoIn = alsoIn(1);
    const text = await textOf(d);
    expect(text).toContain("\nWorld · Jane Reporter · also in Wire <https://wire.example.org/0>, Courier\n<https://courier.example.org/0>\nRead the story");
    expect(text).toContain("\n  World · also in Wire <https://wire.example.org/1>, Courier\n  <https://courier.example.org/1>\n");
  });

  it("keeps the line breaks and paragraphs of an editor's note, saved with LF or CRLF", async () => {
    const note = "Good morning.\nA short week: <three days> & a holiday.\n\n\nSee you on Friday.";
    const expected = "\n\nGood morning.\nA short week: <three days> & a holiday.\n\nSee you on Friday.\n\nSTORY NUMBER 0";
    expect(await textOf({ ...digest(1), note })).toContain(expected);
    expect(await textOf({ ...digest(1), note: note.replace(/\n/g, "\r\n") })).toContain(expected);
  });

  it("wraps a long title under the line and indents headline continuations", async () => {
    const text = await textOf(digest(1, {}, (n, extra) => story(n, { title: `${"word ".repeat(30)}end ${n}`, ...extra })));
    const heading = /\n(WORD[^\n]*\n[^\n]*\n)(-+)\n/.exec(text)!;
    expect(heading[2]!.length).toBe(Math.max(...heading[1]!.trim().split("\n").map((l) => l.length)));
    expect(text).toMatch(/\n\* word word[^\n]*\n {2}word/);
  });
});
