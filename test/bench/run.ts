import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { BARS, judge, type BarId, type Check, type Measurement } from './bars.js';
import { BENCH } from './benchSupport.js';
import { BENCHMARKS } from './benchmarks.js';
import { RssSampler, type RssReport } from './rssSampler.js';
import { activeKdamonds, describeMachineNoise } from './machineNoise.js';

/** `BENCH_ONLY=scale npm run bench`: run some benchmarks only (the others' bars say NOT MEASURED). */
const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim());

async function main(): Promise<number> {
  const mode = BENCH.quick ? 'QUICK (small sizes, verdicts not judged)' : 'full';
  console.log(`lendwire benchmarks, ${mode}: ${BENCH.rounds} interleaved round(s) per side, ${cpus().length} CPUs, ${Math.round(totalmem() / 2 ** 30)} GB, node ${process.version}`);
  const kdamonds = activeKdamonds();
  console.log(`machine: ${describeMachineNoise(kdamonds)}`);
  const measured: Partial<Record<BarId, Measurement>> = {};
  const results: Record<string, unknown> = {};
  const memory: Record<string, RssReport> = {};
  const printed: string[] = [];
  for (const benchmark of BENCHMARKS.filter((b) => !only || only.includes(b.key))) {
    console.log(`${benchmark.key}...`);
    const rss = new RssSampler();
    rss.start();
    try {
      const outcome = await benchmark.run();
      Object.assign(measured, outcome.measured);
      results[benchmark.key] = outcome.json;
      for (const s of outcome.sections) printed.push('', s.title, ...s.lines);
    } finally {
      memory[benchmark.key] = rss.stop();
      const m = memory[benchmark.key];
      console.log(`  host RSS: max ${m.maxMb} MB sampled, kernel peak ${m.peakMb ?? 'n/a'} MB (V8 heap used up to ${m.heapUsedMb} MB, external ${m.externalMb} MB)`);
    }
  }
  const rssValues = Object.values(memory).map((m) => m.peakMb ?? m.maxMb);
  if (rssValues.length) {
    const worst = Object.entries(memory).reduce((a, b) => ((b[1].peakMb ?? b[1].maxMb) > (a[1].peakMb ?? a[1].maxMb) ? b : a));
    measured.hostRssMb = { value: Math.max(...rssValues), detail: `highest during ${worst[0]}` };
  }

  const checks = Object.fromEntries((Object.keys(BARS) as BarId[]).map((id) => [id, judge(id, measured[id])])) as Record<BarId, Check>;
  console.log(printed.join('\n'));
  console.log(`\nHost RSS per benchmark (MB, kernel peak): ${Object.entries(memory).map(([k, m]) => `${k} ${m.peakMb ?? m.maxMb}`).join(', ')}`);
  console.log(`\nBars${BENCH.quick ? ' (quick run: printed, not judged)' : ''}:`);
  for (const c of Object.values(checks)) {
    const value = c.measured === null ? '-' : String(c.measured);
    console.log(`  ${c.verdict.padEnd(12)} ${c.bar}: ${value}${c.detail ? ` (${c.detail})` : ''}`);
  }

  const report = {
    at: new Date().toISOString(),
    quick: BENCH.quick,
    machine: { cpus: cpus().length, model: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version, kdamonds },
    settings: BENCH,
    results,
    memory,
    checks,
  };
  mkdirSync('test-artifacts', { recursive: true });
  writeFileSync('test-artifacts/bench.json', `${JSON.stringify(report, null, 2)}\n`);
  console.log('\nwritten to test-artifacts/bench.json');
  // A partial run (BENCH_ONLY) answers only for the bars it measured.
  const failing = Object.values(checks).filter((c) => c.verdict === 'BELOW BAR' || (c.verdict === 'NOT MEASURED' && !only));
  if (BENCH.quick || !failing.length) return 0;
  console.log(`${failing.length} bar(s) not met or not measured`);
  return 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
