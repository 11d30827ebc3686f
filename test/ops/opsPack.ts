import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (test/ops/ is two folders down). */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The ops pack shipped in the package: Prometheus alerting rules and the Grafana dashboard. */
export const RULES_FILE = join(REPO_ROOT, 'ops/prometheus/lendwire.rules.yml');
export const DASHBOARD_FILE = join(REPO_ROOT, 'ops/grafana/lendwire.dashboard.json');

/** Runs promtool; its output and exit code, or a clear failure when it is not installed. */
export function promtool(args: string[]): { code: number; output: string } {
  try {
    const output = execFileSync('promtool', args, { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { code: 0, output };
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { status?: number; stdout?: string; stderr?: string };
    if (e.code === 'ENOENT') throw new Error('promtool is not installed: run `bash test/support/ensure-promtool.sh` (Debian package prometheus)');
    return { code: e.status ?? 1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

/** The raw `expr:` texts of the rules file (block scalars included), in file order. */
export function ruleExpressions(): string[] {
  const lines = readFileSync(RULES_FILE, 'utf8').split('\n');
  const exprs: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^(\s*)expr:\s*(.*)$/.exec(lines[i]);
    if (!m) continue;
    if (m[2] !== '|' && m[2] !== '>') {
      exprs.push(m[2]);
      continue;
    }
    const body: string[] = [];
    while (i + 1 < lines.length && (lines[i + 1].trim() === '' || lines[i + 1].search(/\S/) > m[1].length)) body.push(lines[++i]);
    exprs.push(body.join('\n'));
  }
  return exprs;
}

/** Every PromQL query of the dashboard's panels (`targets[].expr`) and template variables. */
export function dashboardExpressions(): string[] {
  const dashboard = JSON.parse(readFileSync(DASHBOARD_FILE, 'utf8')) as { panels: { targets?: { expr?: string }[] }[]; templating: { list: { query?: unknown }[] } };
  const fromPanels = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr ?? ''));
  const fromVariables = dashboard.templating.list.map((v) => (typeof v.query === 'string' ? v.query : typeof v.query === 'object' && v.query ? String((v.query as { query?: string }).query ?? '') : ''));
  return [...fromPanels, ...fromVariables].filter(Boolean);
}

/**
 * The `lendwire_*` metric names a PromQL text reads, with the histogram and summary
 * suffixes (`_bucket`, `_sum`, `_count`) taken off: what `/metrics` declares with `# TYPE`.
 */
export function metricNamesIn(promql: string): string[] {
  const names = new Set<string>();
  for (const [name] of promql.matchAll(/\blendwire_[a-zA-Z0-9_]+/g)) names.add(name.replace(/_(bucket|sum|count)$/, ''));
  return [...names].sort();
}
