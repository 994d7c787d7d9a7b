// Runs sendChild.ts in its own process against a fresh newsroom and returns its measurement.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createNewsroom } from "./newsroom.ts";
import type { SendMeasurement } from "./sendChild.ts";

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), "sendChild.ts");

/** Async, so a server in this process (the correctness sample's) keeps answering while the child sends. */
export async function measureSend(mode: "leadline" | "nodemailer", subscribers: number, smtpUrl: string, newsroom = createNewsroom(subscribers, smtpUrl)): Promise<SendMeasurement> {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", CHILD, newsroom.config, mode], { encoding: "utf8", maxBuffer: 1 << 20 });
    return JSON.parse(stdout.trim().split("\n").at(-1)!) as SendMeasurement;
  } finally {
    newsroom.remove();
  }
}
