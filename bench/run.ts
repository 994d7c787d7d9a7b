// `npm run bench`: every measurement of the performance issue in one run, side by side; a table and bench/results.json.
import { writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { measureFeeds } from "./feedBench.ts";
import { createNewsroom } from "./newsroom.ts";
import { measureSendMemory } from "./memoryBench.ts";
import { ensurePostfix, runSmtpSource, startSink } from "./postfix.ts";
import { measureRenderApart } from "./renderBench.ts";
import { checkSample } from "./sampleCheck.ts";
import { measureSend } from "./sendBench.ts";
import type { SendMeasurement } from "./sendChild.ts";
import { measureSignCost } from "./signCost.ts";
import { measureStartup } from "./startupBench.ts";

const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 10_000);
const MEMORY_SMALL = 1_000;
const MEMORY_LARGE = Number(process.env.BENCH_MEMORY_SUBSCRIBERS ?? 100_000);
const CONNECTIONS = 4;
const SINK_PORT = Number(process.env.BENCH_SINK_PORT ?? 25_525);

interface Row {
  measure: string;
  value: string;
  bar: string;
  met: boolean | null;
}

const log = (line: string) => process.stderr.write(`${line}\n`);

async function main(): Promise<void> {
  ensurePostfix(log);
  const rows: Row[] = [];
  const results: Record<string, unknown> = { at: new Date().toISOString(), node: process.version, subscribers: SUBSCRIBERS, connections: CONNECTIONS };

  log("checking a sample of 50 messages (parsed, compared with the composed message, DKIM verified)…");
  const sample = await checkSample(50);
  results.sample = sample;
  rows.push({ measure: "correctness sample (50 messages)", value: sample.problems.length ? sample.problems.join("; ") : "all match, DKIM passes", bar: "no differences", met: sample.problems.length === 0 && sample.checked === 50 });

  log("RSA-2048 signature cost…");
  const signMs = measureSignCost();
  const sink = await startSink(SINK_PORT);
  try {
    log(`smtp-source: ${SUBSCRIBERS} messages of ${sample.messageBytes} bytes over ${CONNECTIONS} connections…`);
    const sinkBefore = sink.cpuMs();
    const source = runSmtpSource(SINK_PORT, SUBSCRIBERS, sample.messageBytes, CONNECTIONS);
    const sourceRate = SUBSCRIBERS / source.seconds;
    const sinkMs = (sink.cpuMs() - sinkBefore) / SUBSCRIBERS;
    const sourceMs = source.cpuMs / SUBSCRIBERS;
    log(`Leadline send path: ${SUBSCRIBERS} subscribers…`);
    const leadline = await measureSend("leadline", SUBSCRIBERS, sink.url);
    const leadlineRate = leadline.sent / leadline.seconds;
    log(`Leadline send path without DKIM (reference): ${SUBSCRIBERS} subscribers…`);
    const unsigned = await measureSend("leadline", SUBSCRIBERS, sink.url, createNewsroom(SUBSCRIBERS, sink.url, { dkim: false }));
    const unsignedRate = unsigned.sent / unsigned.seconds;
    log(`plain nodemailer sendMail: ${SUBSCRIBERS} subscribers…`);
    const plain = await measureSend("nodemailer", SUBSCRIBERS, sink.url);
    const plainRate = plain.sent / plain.seconds;
    const ratio = leadlineRate / sourceRate;
    // A CPU bound, not a forecast: these cores can sign, receive (smtp-sink) and send (at smtp-source's
    // own cost, the leanest client there is) no more messages a second than this, whatever the sender.
    const cores = availableParallelism();
    const ceiling = Math.min(sourceRate, (cores * 1000) / (signMs + sinkMs + sourceMs));
    results.send = {
      sourceRate,
      sourceCpuMsPerMessage: sourceMs,
      sinkCpuMsPerMessage: sinkMs,
      signMs,
      cores,
      ceiling,
      leadline: { ...leadline, rate: leadlineRate },
      leadlineWithoutDkim: { ...unsigned, rate: unsignedRate },
      nodemailer: { ...plain, rate: plainRate },
      ratio,
    };
    const share = (rate: number) => `${((rate / sourceRate) * 100).toFixed(0)}% of smtp-source`;
    const cpuPerMessage = (m: SendMeasurement) => `${(((m.cpuSeconds ?? 0) * 1000) / m.sent).toFixed(2)} ms CPU/msg`;
    rows.push({ measure: "smtp-source (the machine's limit)", value: `${fmt(sourceRate)} msg/s; ${sourceMs.toFixed(2)} ms CPU/msg, smtp-sink ${sinkMs.toFixed(2)}`, bar: "", met: null });
    rows.push({
      measure: "Leadline send (journal, retries, DKIM)",
      value: `${fmt(leadlineRate)} msg/s = ${share(leadlineRate)}; ${cpuPerMessage(leadline)}; ${leadline.journalSent}/${SUBSCRIBERS} journalled sent`,
      bar: ">= 50% of smtp-source",
      met: ratio >= 0.5 && leadline.journalSent === SUBSCRIBERS && leadline.failed === 0,
    });
    rows.push({
      measure: `CPU ceiling with an RSA-2048 signature each (${signMs.toFixed(2)} ms), ${cores} cores`,
      value: `${fmt(ceiling)} msg/s = ${share(ceiling)}`,
      bar: "",
      met: null,
    });
    rows.push({ measure: "Leadline send without DKIM (reference only)", value: `${fmt(unsignedRate)} msg/s = ${share(unsignedRate)}; ${cpuPerMessage(unsigned)}`, bar: "", met: null });
    rows.push({ measure: "plain nodemailer sendMail (DKIM)", value: `${fmt(plainRate)} msg/s = ${share(plainRate)}`, bar: "baseline", met: null });

    log(`memory: ${MEMORY_SMALL} and ${MEMORY_LARGE} subscribers…`);
    const small = await measureSendMemory(MEMORY_SMALL, sink.url);
    const large = await measureSendMemory(MEMORY_LARGE, sink.url);
    results.memory = { small, large };
    rows.push({
      measure: `peak RSS, ${MEMORY_SMALL} / ${MEMORY_LARGE} subscribers`,
      value: `${fmt(small.peakRssMb)} MB / ${fmt(large.peakRssMb)} MB (${(large.peakRssMb / small.peakRssMb).toFixed(2)}x)`,
      bar: "< 200 MB and <= 1.25x",
      met: large.peakRssMb < 200 && large.peakRssMb <= 1.25 * small.peakRssMb && large.sent === MEMORY_LARGE,
    });
  } finally {
    await sink.stop();
  }

  log("render throughput…");
  const render = await measureRenderApart(20_000);
  results.render = render;
  rows.push({ measure: "issue built once (feeds, selection, MJML)", value: `${fmt(render.compileMs)} ms`, bar: "", met: null });
  rows.push({ measure: `personalised messages built (${fmt(render.messageBytes / 1024)} KB each)`, value: `${fmt(render.messagesPerSecond)} msg/s`, bar: ">= 20,000 msg/s", met: render.messagesPerSecond >= 20_000 });

  log("feed ingest: 100 feeds on 127.0.0.2–101, 300 ms each, then rss2email…");
  const feeds = await measureFeeds(100);
  results.feeds = feeds;
  rows.push({ measure: "100 slow feeds, first fetch", value: `${feeds.firstSeconds.toFixed(2)} s (${feeds.failed} failed)`, bar: "< 2 s", met: feeds.firstSeconds < 2 && feeds.failed === 0 });
  rows.push({ measure: "100 slow feeds, unchanged (304)", value: `${feeds.unchangedSeconds.toFixed(2)} s (${feeds.notModified} not modified)`, bar: "< 0.5 s", met: feeds.unchangedSeconds < 0.5 && feeds.notModified === 100 });
  rows.push({ measure: "rss2email (r2e run --no-send), same feeds", value: "seconds" in feeds.rss2email ? `${feeds.rss2email.seconds.toFixed(2)} s` : `unavailable: ${feeds.rss2email.unavailable}`, bar: "", met: null });

  log("start-up…");
  const startup = measureStartup();
  results.startup = startup;
  rows.push({ measure: "leadline --help (median of 7)", value: `${fmt(startup.helpMs)} ms`, bar: "< 300 ms", met: startup.helpMs < 300 });
  rows.push({ measure: "leadline build (sample newsletter)", value: `${fmt(startup.buildMs)} ms`, bar: "", met: null });

  results.rows = rows;
  writeFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), "results.json"), `${JSON.stringify(results, null, 2)}\n`);
  printTable(rows);
}

function fmt(value: number): string {
  return Math.round(value).toLocaleString("en-US");
}

function printTable(rows: Row[]): void {
  const cells = rows.map((r) => [r.measure, r.value, r.bar, r.met === null ? "" : r.met ? "met" : "MISSED"]);
  const header = ["measure", "result", "bar", ""];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((x, i) => x.padEnd(widths[i]!)).join("  ").trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const c of cells) console.log(line(c));
  const missed = rows.filter((r) => r.met === false).length;
  console.log(missed ? `\n${missed} bar(s) MISSED (see bench/results.json)` : "\nevery bar met");
}

await main();
