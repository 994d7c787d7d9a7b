// A newsroom for preview tests: feeds over loopback HTTP, an SMTP server, a store, and the preview app on 127.0.0.1.
import { copyFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach } from "vitest";
import { loadConfig } from "../../src/config/load.ts";
import { silentLogger } from "../../src/logger.ts";
import { DEFAULT_THEME_DIR } from "../../src/render/theme.ts";
import { storedSecret } from "../../src/store/meta.ts";
import { openStore, type Store } from "../../src/store/openStore.ts";
import { createApp } from "../../src/web/createApp.ts";
import { createPreview, type Preview } from "../../src/web/preview/createPreview.ts";
import { startServer, type RunningServer } from "../../src/web/startServer.ts";
import { NOW, startNewsroom, type Newsroom } from "../digest/newsroom.ts";
import { makeTempDir, runCli, writeConfig, type TempDir } from "../helpers/fixtures.ts";
import { startSmtpServer, type TestSmtpServer } from "../helpers/smtpServer.ts";

export interface PreviewWorld {
  room: Newsroom;
  smtp: TestSmtpServer;
  temp: TempDir;
  config: string;
  store: Store;
  preview: Preview;
  server: RunningServer;
  /** The preview's address: `${server.url}/preview`. */
  url: string;
  /** Rewrites the config with these top-level keys on top of the world's own. */
  rewriteConfig(extra: Record<string, unknown>): void;
}

/** Per test: a fresh world; `token` runs the preview in token mode (still bound to 127.0.0.1); `config` adds top-level keys; `now` sets its clock. */
export function usePreviewWorld(options: { token?: string; config?: Record<string, unknown>; now?: string } = {}): PreviewWorld {
  const world = {} as PreviewWorld;
  beforeEach(async () => {
    world.room = await startNewsroom();
    world.smtp = await startSmtpServer();
    world.temp = makeTempDir();
    // A theme folder of our own, so a test can edit a template the way an editor would.
    mkdirSync(path.join(world.temp.dir, "theme/partials"), { recursive: true });
    copyFileSync(path.join(DEFAULT_THEME_DIR, "partials/note.mjml"), path.join(world.temp.dir, "theme/partials/note.mjml"));
    world.rewriteConfig = (extra) => {
      world.config = writeConfig(world.temp, {
        feeds: world.room.feeds(),
        smtp: { url: world.smtp.url },
        digest: { headlines: 3 },
        schedule: { cron: "0 12 * * *", timezone: "UTC", requireApproval: true },
        template: "theme",
        ...extra,
      });
    };
    world.rewriteConfig(options.config ?? {});
    await runCli(["--config", world.config, "subscribers", "add", "ada@example.org"]);
    world.store = openStore(path.join(world.temp.dir, "leadline.db"));
    const clock = () => new Date(options.now ?? NOW);
    const secret = storedSecret(world.store.db);
    world.preview = createPreview({ db: world.store.db, secret, clock, log: silentLogger, loadConfig: () => loadConfig(world.config), token: options.token });
    world.server = await startServer(createApp({ db: world.store.db, secret, newsletterName: "Test Brief", clock, preview: world.preview }), "127.0.0.1", 0);
    world.url = `${world.server.url}/preview`;
  });
  afterEach(async () => {
    await world.server.close();
    await world.preview.close();
    world.store.close();
    await world.smtp.close();
    await world.room.http.close();
    world.temp.remove();
  });
  return world;
}
