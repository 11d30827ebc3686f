/**
 * Prints the functions with the most self time in a V8 .cpuprofile (from
 * `node --cpu-prof`), grouped by function and file, plus totals per area
 * (lendwire, bullmq, ioredis, knex/pg, undici, node internals, idle/GC).
 * Usage: node --import tsx test/bench/profile/summarizeCpuProfile.ts <file.cpuprofile> [top]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, topArg] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

const area = (url: string, name: string): string => {
  if (name === '(idle)' || name === '(program)' || name === '(garbage collector)') return name;
  if (/node_modules\/bullmq/.test(url)) return 'bullmq';
  if (/node_modules\/ioredis|node_modules\/redis-parser/.test(url)) return 'ioredis';
  if (/node_modules\/(knex|pg|pg-protocol|pg-pool|pg-types|postgres-)/.test(url)) return 'knex/pg';
  if (/node_modules\/undici/.test(url) || /undici/.test(url)) return 'undici';
  if (/node_modules\/pino|thread-stream|sonic-boom/.test(url)) return 'pino';
  if (/node_modules\/tsx|esbuild/.test(url)) return 'tsx (loader)';
  if (/\/plugin\/|\/adapters\//.test(url)) return 'lendwire';
  if (/\/test\//.test(url)) return 'bench harness';
  if (url.startsWith('node:') || url === '') return 'node internals';
  return 'other';
};

const fns = new Map<string, number>();
const areas = new Map<string, number>();
let total = 0;
for (const [id, us] of selfUs) {
  const n = byId.get(id)!;
  const { functionName, url, lineNumber } = n.callFrame;
  const name = functionName || '(anonymous)';
  const key = `${name}  ${url.replace(/^.*\/(node_modules|plugin|adapters|test)\//, '$1/')}:${lineNumber + 1}`;
  fns.set(key, (fns.get(key) ?? 0) + us);
  const a = area(url, name);
  areas.set(a, (areas.get(a) ?? 0) + us);
  total += us;
}
const pct = (us: number) => `${((us / total) * 100).toFixed(1).padStart(5)}%`;
console.log(`total ${(total / 1000).toFixed(0)} ms sampled`);
console.log('\nby area (self time):');
for (const [a, us] of [...areas].sort((x, y) => y[1] - x[1])) console.log(`  ${pct(us)}  ${(us / 1000).toFixed(0).padStart(6)} ms  ${a}`);
console.log('\nhottest functions (self time):');
for (const [k, us] of [...fns].sort((x, y) => y[1] - x[1]).slice(0, Number(topArg ?? 30))) console.log(`  ${pct(us)}  ${(us / 1000).toFixed(0).padStart(6)} ms  ${k}`);
