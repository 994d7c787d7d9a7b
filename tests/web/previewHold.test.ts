// A hold in the preview (Chromium) when schedule.requireApproval is off: the page shows it, releases it and sets it, as the CLI does.
import { describe, expect, it } from "vitest";
import { slotDecision } from "../../src/store/approvals.ts";
import { NOW } from "../digest/newsroom.ts";
import { runCli } from "../helpers/fixtures.ts";
import { useEditorBrowser } from "./editorBrowser.ts";
import { usePreviewWorld } from "./previewWorld.ts";

const SLOT = "2026-11-25T12:00:00Z";
/** The slot as the page writes it: in schedule.timezone (UTC here). */
const SLOT_SHOWN = "Wed, 25 Nov 2026, 12:00 UTC";

describe("holding the issue in the preview without schedule.requireApproval", () => {
  const world = usePreviewWorld({ config: { schedule: { cron: "0 12 * * *", timezone: "UTC", requireApproval: false } } });
  const editor = useEditorBrowser(world);
  const approval = () => editor.page.$eval("#approval", (e) => e.textContent);

  it("shows a hold made with leadline hold and releases it; Hold stops the send again", async () => {
    expect((await runCli(["--config", world.config, "--now", NOW, "hold"])).code).toBe(0);
    await editor.page.reload();
    expect(await approval()).toBe("held: it will not be sent");

    await editor.act("Release the hold");
    expect(await approval()).toBe("sends without approval (schedule.requireApproval is off)");
    expect(await editor.page.textContent(".flash")).toBe(`Released the hold on the issue for ${SLOT_SHOWN}: it sends without approval`);
    expect(slotDecision(world.store.db, "Test Brief", SLOT)).toBe("approved");

    await editor.act("Hold");
    expect(await approval()).toBe("held: it will not be sent");
    const sent = await runCli(["--config", world.config, "--now", NOW, "send"]);
    expect(sent.stdout).toContain("an editor held the issue");
    expect(world.smtp.messages).toHaveLength(0);
  });
});
