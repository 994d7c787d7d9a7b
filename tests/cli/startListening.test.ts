// `run`, `serve` and `preview` on a port that is taken: a reported error naming the address and the setting, exit 1.
import { afterEach, describe, expect, it } from "vitest";
import { makeTempDir, runBin, runCli, writeConfig, type TempDir } from "../helpers/fixtures.ts";
import { occupyPort, type HeldPort } from "../helpers/ports.ts";

describe("a web server's port already in use", () => {
  let temp: TempDir;
  let holder: HeldPort;
  afterEach(async () => {
    await holder.close();
    temp.remove();
  });

  const setUp = async () => {
    temp = makeTempDir();
    temp.file("news.rss", "<rss version='2.0'><channel><title>N</title></channel></rss>");
    holder = await occupyPort();
    return writeConfig(temp, { feeds: [{ url: "news.rss" }], server: { port: holder.port } });
  };

  it("is reported with the address and --port for run, serve and preview given --port, exit 1", async () => {
    const config = await setUp();
    for (const command of ["run", "serve", "preview"]) {
      const result = await runCli(["--config", config, command, "--port", String(holder.port)]);
      expect(result.code, command).toBe(1);
      expect(result.stderr, command).toContain(`leadline: cannot listen on 127.0.0.1:${holder.port}: the port is already in use`);
      expect(result.stderr, command).toContain("choose another port with --port");
      expect(result.stderr, command).not.toContain("unexpected error");
    }
  });

  it("names server.port when the port came from the config", async () => {
    const config = await setUp();
    for (const command of ["run", "serve"]) {
      const result = await runCli(["--config", config, command]);
      expect(result.code, command).toBe(1);
      expect(result.stderr, command).toContain(`cannot listen on 127.0.0.1:${holder.port}: the port is already in use`);
      expect(result.stderr, command).toContain("choose another port with server.port");
    }
  });

  it("lets `run` exit when it also serves the preview (its worker and watchers are closed)", async () => {
    const config = await setUp();
    const result = await runBin(["--config", config, "run"], undefined, { LEADLINE_PREVIEW_TOKEN: "a-token-of-24-characters" });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`cannot listen on 127.0.0.1:${holder.port}`);
  });
});

