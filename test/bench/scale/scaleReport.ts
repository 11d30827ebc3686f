import type { BarId, Measurement } from '../bars.js';
import type { LookupResult, ScaleResults } from './scaleBench.js';

const ms = (n: number) => n.toFixed(2).padStart(7);

function lookupLines(lookups: LookupResult[], before?: LookupResult[]): string[] {
  const header = `  ${'lookup'.padEnd(48)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'pg mean'.padStart(7)}${before ? `   ${'p99 before'.padStart(10)} ${'pg mean before'.padStart(14)}` : ''}  plan`;
  return [
    header,
    ...lookups.map((l, i) => {
      const was = before?.[i];
      // The scans only: "Index Scan using x on applications", the index names under a BitmapOr.
      const plan = l.plans.map((p) => p.nodes.filter((n) => / (on|using) /.test(n)).map((n) => n.trim().replace(/ \(rows.*$/, '')).join(', ')).join(' | ');
      const pg = (r: LookupResult) => (r.server ? r.server.meanMs.toFixed(3) : '-').padStart(7);
      return `  ${l.name.padEnd(48)} ${ms(l.p50)} ${ms(l.p99)} ${pg(l)}${was ? `   ${ms(was.p99).padStart(10)} ${pg(was).padStart(14)}` : ''}  ${l.seqScan ? 'SEQ SCAN: ' : ''}${plan}`;
    }),
  ];
}

/** The printed section: sizes, seeding time, the migration's build time, each lookup before/after with its plan. */
export function scaleTable(s: ScaleResults): { title: string; lines: string[] }[] {
  const seededS = (s.seeding.applicationsMs + s.seeding.rawCallbacksMs + s.seeding.vacuumAnalyzeMs) / 1000;
  const lines = [
    `  seeded in ${seededS.toFixed(1)} s (applications ${(s.seeding.applicationsMs / 1000).toFixed(1)} s, raw callbacks ${(s.seeding.rawCallbacksMs / 1000).toFixed(1)} s, vacuum/analyze/checkpoint ${(s.seeding.vacuumAnalyzeMs / 1000).toFixed(1)} s)`,
    ...(s.before ? [`  ${s.before.migration} (CREATE INDEX CONCURRENTLY) on the seeded tables: ${(s.before.migrationUpMs / 1000).toFixed(1)} s`] : []),
    ...lookupLines(s.lookups, s.before?.lookups),
  ];
  return [{ title: `Data at scale: ${s.applications} applications, ${s.rawCallbacks} raw callbacks (timed samples per lookup and round: ${s.lookups[0]?.samples ?? 0}, rounds: ${s.lookups[0]?.rounds.length ?? 0}; p50 and p99 are the median of the rounds')`, lines }];
}

/** The worst lookup's p99 against the 5 ms bar, and whether any plan scanned a table. */
export function scaleMeasurements(s: ScaleResults): Partial<Record<BarId, Measurement>> {
  const worst = s.lookups.reduce((a, b) => (b.p99 > a.p99 ? b : a));
  const scanned = s.lookups.filter((l) => l.seqScan).map((l) => l.name);
  const size = `at ${s.applications} applications / ${s.rawCallbacks} raw callbacks`;
  return {
    lookupP99Ms: {
      value: Math.round(worst.p99 * 100) / 100,
      detail: `worst: ${worst.name} (median of ${worst.rounds.length} round(s): ${worst.rounds.map((r) => r.p99.toFixed(2)).join(' ')}), ${size}`,
    },
    lookupIndexScans: { value: scanned.length === 0, detail: scanned.length ? `Seq Scan in: ${scanned.join('; ')}` : `${s.lookups.length} lookups, ${size}` },
  };
}
