// Approving and holding in the preview (Chromium): the version approved is what goes out, and a hold means the issue the CLI's would.
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BAKERY, BRIDGE, CHESS, NOW, hoursAgo } from "../digest/newsroom.ts";
import { runCli } from "../helpers/fixtures.ts";
import { startSmtpServer } from "../helpers/smtpServer.ts";
import { useEditorBrowser } from "./editorBrowser.ts";
import { usePreviewWorld } from "./previewWorld.ts";

const SLOT = "2026-11-25T12:00:00Z";
/** The slot as the page writes it: in schedule.timezone (UTC here), the zone named. */
const SLOT_SHOWN = "Wed, 25 Nov 2026, 12:00 UTC";
/** Breaks after the approval: newer than everything, so a fresh build carries it. */
const BREAKING = { title: "Unverified rumour about the mayor spreads online", guid: "wire-rumour", date: hoursAgo(0.1), description: "Nobody has confirmed it.", image: "https://img.example.org/rumour.jpg" };

describe("approving in the preview", () => {
  const world = usePreviewWorld();
  const editor = useEditorBrowser(world);
  const approval = () => editor.page.textContent("#approval");
  const flash = () => editor.page.textContent(".flash");
  const send = () => runCli(["--config", world.config, "--now", NOW, "send"]);

  it("sends the version the editor approved, however the feeds change after it, until they approve again", async () => {
    const leadShown = await editor.page.textContent("tr[data-story] td");
    await editor.act("Approve");
    expect(await flash()).toBe(`Approved the issue for ${SLOT_SHOWN} as shown: this version is what goes out`);
    expect(await approval()).toBe("approved");

    // A rumour breaks and the chess story leaves its feed: the page shows the feeds as they are now, and says what goes out.
    world.room.set("Wire", [BREAKING, BAKERY, BRIDGE.wire]);
    world.room.set("Courier", [BRIDGE.courier]);
    await editor.page.reload();
    expect(await editor.page.textContent("tbody")).toContain(BREAKING.title);
    expect(await editor.page.textContent("tbody")).not.toContain(CHESS.title);
    expect(await approval()).toMatch(/^approved at Wed, 25 Nov 2026, 12:00 UTC, as it was then \(lead: ".+"\): that version goes out, not this one; approve again to send this one$/);

    const sent = await send();
    expect(sent.code, sent.stderr).toBe(0);
    const issue = world.smtp.messages.at(-1)!;
    expect(issue.parsed.html).not.toContain(BREAKING.title);
    expect(issue.parsed.html).toContain(CHESS.title);
    expect(leadShown).toContain(/lead: "(.+)"/.exec((await approval())!)![1]!);
  });

  it("approving again takes the version on the page", async () => {
    await editor.act("Approve");
    world.room.set("Wire", [BREAKING, BAKERY, BRIDGE.wire]);
    await editor.page.reload();
    expect(await approval()).toMatch(/^approved at /);
    await editor.act("Approve");
    expect(await approval()).toBe("approved");
    await send();
    expect(world.smtp.messages.at(-1)!.parsed.html).toContain(BREAKING.title);
  });

  it("a page left open while the issue went out says its Hold came too late, and holds nothing", async () => {
    expect((await runCli(["--config", world.config, "--now", NOW, "approve"])).code).toBe(0);
    expect((await send()).code).toBe(0);
    await editor.act("Hold");
    expect(await editor.page.textContent("[role=alert]")).toMatch(new RegExp(`^the issue for slot ${SLOT} has gone out \\(finished .+\\): there is nothing left to hold$`));
  });
});

describe("holding in the preview while a send is under way", () => {
  const world = usePreviewWorld({ config: { schedule: { cron: "0 12 * * *", timezone: "UTC", requireApproval: false } } });
  const editor = useEditorBrowser(world);

  it("holds the issue under way, as `leadline hold` would, not the next slot's", async () => {
    // bob's server says "later" to every try: the issue stays under way with one subscriber left.
    const deferring = await startSmtpServer({ rule: (address) => (address.startsWith("bob") ? { code: 451, message: "4.3.0 Try later" } : undefined) });
    try {
      await editor.reloadsAfter(() => world.rewriteConfig({ smtp: { url: deferring.url, retries: 0 }, schedule: { cron: "0 12 * * *", timezone: "UTC", requireApproval: false } }));
      await runCli(["--config", world.config, "subscribers", "add", "bob@example.org"]);
      expect((await runCli(["--config", world.config, "--now", NOW, "send"])).stdout).toContain("sent 1, failed 1");
      await editor.page.reload();
      await editor.act("Hold");
      expect(await editor.page.textContent(".flash")).toBe(`Held the issue for ${SLOT_SHOWN} (under way: 1 subscriber(s) have it already; the rest of the list is not sent while it is held)`);
      const again = await runCli(["--config", world.config, "--now", "2026-11-25T12:10:00Z", "send"]);
      expect(again.stdout).toContain(`an editor held the issue for slot ${SLOT}, under way`);
      expect(deferring.attempts.get("bob@example.org")).toBe(1);
    } finally {
      await deferring.close();
    }
  });
});

describe("a test send from the preview without an SMTP server", () => {
  const world = usePreviewWorld({ config: { smtp: {} } });
  const editor = useEditorBrowser(world);

  it("says the test was written to the outbox, not mailed", async () => {
    await editor.page.fill("#address", "editor@example.org");
    await editor.act("Send test");
    const outbox = path.join(world.temp.dir, "outbox");
    expect(await editor.page.textContent(".flash")).toMatch(new RegExp(`^Test not mailed: no SMTP server is configured \\(smtp.url\\), so the message to editor@example.org was written to ${outbox}/: ".+"$`));
    expect(existsSync(outbox) && readdirSync(outbox).some((f) => f.endsWith(".eml"))).toBe(true);
  });
});

describe("the preview past an unapproved issue's deadline", () => {
  // 14:30 in Berlin: the 13:00 issue's 60-minute approval window closed half an hour ago. The page
  // writes every time in the schedule's zone, the one its cron is written in.
  const world = usePreviewWorld({ now: "2026-11-25T13:30:00Z", config: { schedule: { cron: "0 13 * * *", timezone: "Europe/Berlin", requireApproval: true } } });
  const editor = useEditorBrowser(world);

  it("says the issue that was due was skipped, not approved in time, before showing the next slot's", async () => {
    const skipped = await runCli(["--config", world.config, "--now", "2026-11-25T13:30:00Z", "send"]);
    expect(skipped.stdout).toContain("was not approved by its deadline; skipped");
    await editor.page.reload();
    expect(await editor.page.textContent("#skipped")).toBe(
      "The issue for Wed, 25 Nov 2026, 13:00 CET (Europe/Berlin) was not approved by its deadline (Wed, 25 Nov 2026, 14:00 CET (Europe/Berlin)), so it was not sent (schedule.onDeadline: skip). This page is about the next slot.",
    );
    expect(await editor.page.textContent(".schedule time")).toBe("Thu, 26 Nov 2026, 13:00 CET (Europe/Berlin)");
    expect(await editor.page.getAttribute(".schedule time", "datetime")).toBe("2026-11-26T12:00:00Z");
    expect(await editor.page.textContent("#approval")).toBe("waiting for approval (deadline Thu, 26 Nov 2026, 14:00 CET (Europe/Berlin), 60 min after the slot)");
  });
});
