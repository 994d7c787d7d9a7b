import { describe, expect, it } from "vitest";
import { createProgress } from "../../src/cli/progress.ts";

describe("send progress when not on a terminal", () => {
  it("logs one line per 1,000 messages and one at the end", () => {
    const lines: string[] = [];
    const progress = createProgress({ info: (l) => lines.push(l), warn: () => {} }, false);
    for (let done = 1; done <= 2500; done++) progress.update(done, 2500);
    progress.stop();
    expect(lines.map((l) => l.replace(/, \d+ msg\/s$/, ""))).toEqual([
      "progress: 1000/2500 sent",
      "progress: 2000/2500 sent",
      "progress: 2500/2500 sent",
    ]);
  });
});
