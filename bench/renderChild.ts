// Child process for the render measurement, so the bench process's own state (servers, parsed samples) is not in its heap: `tsx bench/renderChild.ts MESSAGES`.
import { measureRender } from "./renderBench.ts";

process.stdout.write(`${JSON.stringify(await measureRender(Number(process.argv[2])))}\n`);
