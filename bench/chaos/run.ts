// `npm run chaos`: every chaos group at full size, a table of what was tried and what survived; exits 1 on any problem.
import { parseArgs } from "node:util";
import { formatChaosTable, type ChaosRow } from "../../tests/chaos/chaosRow.ts";
import { runCrashRounds } from "../../tests/chaos/crashRounds.ts";
import { fuzzConfigs, fuzzFeeds } from "../../tests/chaos/fuzzInputs.ts";
import { runHostileFeeds } from "../../tests/chaos/hostileFeeds.ts";
import { runSlotRaces } from "../../tests/chaos/raceForSlot.ts";
import { runSecurityChecks } from "../../tests/chaos/securityChecks.ts";
import { runSmtpFaults } from "../../tests/chaos/smtpFaults.ts";

const { values } = parseArgs({
  options: {
    messages: { type: "string", default: "5000" },
    rounds: { type: "string", default: "20" },
    "crash-subscribers": { type: "string", default: "2000" },
    "fuzz-runs": { type: "string", default: "3000" },
    races: { type: "string", default: "3" },
    tokens: { type: "string", default: "500" },
    seed: { type: "string", default: "20261125" },
    only: { type: "string" },
  },
});
const n = (key: keyof typeof values) => Number(values[key]);
const seed = n("seed");

const groups: Record<string, () => Promise<ChaosRow[]>> = {
  faults: async () => [await runSmtpFaults({ messages: n("messages"), seed })],
  crashes: async () => [await runCrashRounds({ rounds: n("rounds"), subscribers: n("crash-subscribers"), seed })],
  hostile: () => runHostileFeeds(),
  fuzz: async () => [await fuzzFeeds(n("fuzz-runs"), seed), await fuzzConfigs(n("fuzz-runs"), seed)],
  races: async () => [await runSlotRaces({ rounds: n("races"), subscribers: 300 })],
  security: () => runSecurityChecks({ tokens: n("tokens"), seed }),
};

const rows: ChaosRow[] = [];
for (const [name, run] of Object.entries(groups)) {
  if (values.only && !values.only.split(",").includes(name)) continue;
  const started = Date.now();
  process.stderr.write(`chaos: ${name}…\n`);
  rows.push(...(await run()));
  process.stderr.write(`chaos: ${name} done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
process.stdout.write(`${formatChaosTable(rows)}\n`);
const problems = rows.flatMap((row) => row.problems.map((p) => `${row.group} / ${row.check}: ${p}`));
if (problems.length > 0) {
  process.stdout.write(`\n${problems.length} problem(s):\n${problems.slice(0, 50).join("\n")}\n`);
  process.exitCode = 1;
}
