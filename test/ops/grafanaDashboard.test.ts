import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DASHBOARD_FILE, dashboardExpressions, promtool } from './opsPack.js';

interface Panel {
  type: string;
  title: string;
  datasource?: { uid?: string };
  targets?: { expr: string }[];
}

const dashboard = JSON.parse(readFileSync(DASHBOARD_FILE, 'utf8')) as {
  schemaVersion: number;
  uid: string;
  templating: { list: { type: string; name: string; query: unknown }[] };
  panels: Panel[];
};

/** A dashboard query as Prometheus sees it once Grafana has put in its variables (`label_values(m, l)` asks for the series of `m`). */
function withVariables(expr: string): string {
  return expr.replaceAll('$__rate_interval', '5m').replaceAll('$job', '.*').replace(/^label_values\((.+), *\w+\)$/, '$1');
}

describe('ops pack: Grafana dashboard (ops/grafana/lendwire.dashboard.json)', () => {
  it('is a current-schema dashboard with a stable uid and a Prometheus data-source variable every panel uses', () => {
    expect(dashboard.schemaVersion).to.be.at.least(39);
    expect(dashboard.uid).to.equal('lendwire');
    const datasource = dashboard.templating.list.find((v) => v.type === 'datasource');
    expect(datasource).to.include({ name: 'datasource', query: 'prometheus' });
    const queried = dashboard.panels.filter((p) => p.type !== 'row');
    expect(queried.filter((p) => p.datasource?.uid !== '${datasource}').map((p) => p.title)).to.deep.equal([]);
    expect(queried.filter((p) => !p.targets?.length).map((p) => p.title)).to.deep.equal([]);
  });

  it('has panels for callbacks, submissions, deliveries, dead letters, backlog, outbox lag, vendor latency and circuits', () => {
    const titles = dashboard.panels.map((p) => p.title.toLowerCase()).join('\n');
    for (const topic of ['callback', 'submissions', 'deliveries', 'dead letters', 'backlog', 'outbox lag', 'vendor latency', 'circuits']) expect(titles, topic).to.include(topic);
  });

  it('only has queries Prometheus parses (each checked by promtool as a recording rule)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lendwire-dashboard-'));
    try {
      const rules = dashboardExpressions().map((expr, i) => ({ record: `lendwire_dashboard:query_${i}`, expr: withVariables(expr) }));
      const file = join(dir, 'dashboard-queries.rules.yml');
      // JSON is YAML: promtool reads it as a rules file.
      writeFileSync(file, JSON.stringify({ groups: [{ name: 'dashboard', rules }] }));
      const { code, output } = promtool(['check', 'rules', file]);
      expect(code, output).to.equal(0);
      expect(output).to.include(`SUCCESS: ${rules.length} rules found`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
