// Setup file for every test file: one warm mjml worker for the file's in-process builds and previews.
// Each fresh worker loads mjml (about a second of CPU); the tests build hundreds of issues. The CLI run as
// a child process (runBin) still starts and ends its own, as a user's does; tests/render/mjml.test.ts
// checks that path.
import { afterAll, beforeAll } from "vitest";
import { shareOneMjmlWorker } from "../../src/render/mjml.ts";

let release: (() => Promise<void>) | undefined;
beforeAll(() => {
  release = shareOneMjmlWorker();
});
afterAll(async () => {
  await release?.();
});

/** For a file that tests the compilers themselves: from its own beforeAll, back to a worker per compiler. */
export async function stopSharingMjmlWorker(): Promise<void> {
  await release?.();
  release = undefined;
}
