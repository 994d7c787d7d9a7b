import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // bin/leadline.js runs dist/ when it is up to date: build it, so the tests run the compiled CLI users run.
    globalSetup: ["tests/helpers/buildDist.ts"],
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
