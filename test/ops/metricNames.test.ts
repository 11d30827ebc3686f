import { expect } from 'chai';
import type { Harness } from '../support/harness.js';
import { callbackHarness, deliver, fixture } from '../callbacks/callbackSupport.js';
import { dashboardExpressions, metricNamesIn, ruleExpressions } from './opsPack.js';

/** The metric names a Prometheus text exposition declares (`# TYPE <name> <type>`). */
function declaredNames(exposition: string): Set<string> {
  return new Set([...exposition.matchAll(/^# TYPE (\S+) \S+$/gm)].map((m) => m[1]));
}

describe('ops pack: every metric the alert rules and the dashboard read is in /metrics (so they cannot rot)', () => {
  let h: Harness;
  let declared: Set<string>;

  before(async () => {
    h = await callbackHarness();
    // A short run: one lender callback stored and processed, so the flows have touched their metrics.
    await deliver(h, 'westlake', fixture('01-stage1-processed.json'));
    const res = await h.request('/metrics');
    expect(res.status).to.equal(200);
    declared = declaredNames(await res.text());
  });
  after(async () => {
    await h?.close();
  });

  it('reads a real exposition (callbacks, deliveries and process metrics declared)', () => {
    expect(declared).to.include.members(['lendwire_callbacks_received_total', 'lendwire_deliveries_total', 'lendwire_process_cpu_seconds_total']);
  });

  it('finds every metric of ops/prometheus/lendwire.rules.yml', () => {
    const used = [...new Set(ruleExpressions().flatMap(metricNamesIn))];
    expect(used.length, 'metrics the rules read').to.be.at.least(6);
    expect(used.filter((name) => !declared.has(name)), 'rule metrics missing from /metrics').to.deep.equal([]);
  });

  it('finds every metric of ops/grafana/lendwire.dashboard.json', () => {
    const used = [...new Set(dashboardExpressions().flatMap(metricNamesIn))];
    expect(used.length, 'metrics the dashboard reads').to.be.at.least(10);
    expect(used.filter((name) => !declared.has(name)), 'dashboard metrics missing from /metrics').to.deep.equal([]);
  });
});
