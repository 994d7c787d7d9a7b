// Digests and recipients for the render tests: realistic lengths, so sizes and layouts mean something.
import { parseConfig, type Config } from "../../src/config/load.ts";
import type { Digest, DigestStory } from "../../src/digest/digest.ts";
import type { RenderedIssue } from "../../src/render/renderIssue.ts";
import { composeMessage, type Recipient } from "../../src/send/composeMessage.ts";

/** A config for render tests: extra YAML lines (theme, links, budget …) and extra `newsletter` keys ("lang: ar, dir: rtl"). */
export function renderConfig(extraYaml = "", newsletterKeys = ""): Config {
  const keys = newsletterKeys ? `, ${newsletterKeys}` : "";
  return parseConfig(
    `newsletter: {name: "Test Brief", from: "Test <news@example.org>", siteUrl: "https://news.example.org"${keys}}\nfeeds: [{url: a.xml}]\n${extraYaml}`,
    "c.yaml",
  );
}

export const newsletter = renderConfig().newsletter;

export function story(n: number, extra: Partial<DigestStory> = {}): DigestStory {
  return {
    id: `s${n}`,
    title: `Story number ${n}`,
    link: `https://news.example.org/${n}`,
    feedName: "World",
    published: "2026-11-25T10:00:00.000Z",
    teaser: `Teaser of story ${n}…`,
    categories: [],
    ...extra,
  };
}

/** A story as long as the digest stage makes them: a long title, a 160-character teaser, a deep link. */
export function longStory(n: number, extra: Partial<DigestStory> = {}): DigestStory {
  return story(n, {
    title: `Council approves the ${n}th amendment to the city budget after a night of debate over transit`,
    link: `https://news.example.org/2026/11/25/politics/council-approves-amendment-${n}-to-the-city-budget-after-debate`,
    teaser:
      "Council members argued over the budget for hours on Tuesday night, and the mayor said the city would have to cut bus services unless the state stepped in with…",
    feedName: "City Hall",
    author: "Jane Reporter",
    categories: ["politics", "budget"],
    ...extra,
  });
}

export function digest(headlines = 3, lead: Partial<DigestStory> = {}, make = story): Digest {
  return {
    generatedAt: "2026-11-25T12:00:00.000Z",
    lead: make(0, { image: { url: "https://img.example.org/lead.jpg" }, ...lead }),
    headlines: Array.from({ length: headlines }, (_, i) => make(i + 1)),
    why: "test",
    candidates: headlines + 1,
    feeds: [],
  };
}

export const recipients: Recipient[] = [
  { id: 1, email: "ada@example.org", name: "Ada", fields: { city: "London" } },
  { id: 2, email: "alan@example.org", name: "Alan", fields: { city: "Manchester" } },
];

/** One recipient's message, with a signed-looking unsubscribe link as long as real ones. */
export function messageFor(issue: RenderedIssue, recipient: Recipient = recipients[0]!) {
  return composeMessage(recipient, {
    newsletter,
    issue,
    issueKey: "issue-1",
    unsubscribeUrl: (r) => `https://news.example.org/unsubscribe/${r.id}.token`,
    now: new Date("2026-11-25T12:00:00Z"),
  });
}
