import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // bin/leadline.js runs dist/ when it is up to date: build it, so the tests run the compiled CLI users run.
    globalSetup: ["tests/helpers/buildDist.ts"],
    setupFiles: ["tests/helpers/shareMjmlWorker.ts"],
    pool: "forks",
    // The CI machines have 2 cores and vitest's default leaves one idle; most tests wait on servers and
    // child processes, so two files at a time took the suite from 438 s to 293 s (three: no faster).
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
