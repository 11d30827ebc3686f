import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { api } from '../core/api.js';
import type { Overview } from '../core/apiTypes.js';
import { useSession } from '../core/session.js';
import { useEvery } from '../core/useEvery.js';
import { useOnce } from '../core/useOnce.js';
import { Pill } from '../components/Pill.js';
import { Table, type Column } from '../components/Table.js';

const REFRESH_MS = 3000;

/** One number on the overview; `tone` colours it (`ok`, `bad`). */
function Metric({ id, label, value, sub, tone }: { id: string; label: string; value: string; sub?: string; tone?: string }) {
  return html`<div class=${`metric ${tone ?? ''}`} data-metric=${id}>
    <div class="label">${label}</div>
    <div class="value">${value}</div>
    ${sub ? html`<div class="sub">${sub}</div>` : null}
  </div>`;
}

function Metrics({ o }: { o: Overview }) {
  const c = o.callbacks;
  const d = o.deliveries;
  const results = Object.entries(c.perMinuteByResult);
  const byResult = results.map(([k, n]) => `${k} ${n}`).join(', ') || 'none';
  const total = results.reduce((s, [, n]) => s + n, 0);
  const successRate = c.successRate === null ? '-' : `${Math.round(c.successRate * 1000) / 10}%`;
  return html`
    <${Metric} id="callbacks-per-minute" label="Callbacks / min" value=${String(Math.round(total * 100) / 100)} sub=${byResult} />
    <${Metric} id="callback-success-rate" label="Callback success" value=${successRate} sub=${`last ${o.windowMinutes} min`} tone=${c.successRate !== null && c.successRate < 0.95 ? 'bad' : 'ok'} />
    <${Metric} id="deliveries-per-minute" label="Deliveries / min" value=${String(d.perMinute.succeeded)} sub=${`${d.perMinute.failed} failed / min`} />
    <${Metric} id="pending" label="Pending deliveries" value=${String(d.pending)} />
    <${Metric} id="dead-letters" label="Dead letters" value=${String(d.deadLetters)} tone=${d.deadLetters ? 'bad' : 'ok'} />
    <${Metric} id="outbox-lag" label="Outbox lag" value=${`${d.outboxLagSeconds} s`} tone=${d.outboxLagSeconds > 60 ? 'bad' : ''} />
    <${Metric} id="review-queue" label="Review queue" value=${String(c.reviewQueue)} sub=${`${c.orphaned} orphaned`} tone=${c.reviewQueue ? 'bad' : ''} />
  `;
}

interface StatusCount {
  id: string;
  n: number;
}

const STATUS_COLUMNS: Column<StatusCount>[] = [
  ['Status', (r) => html`<${Pill} text=${r.id} />`],
  ['Count', (r) => r.n],
];

/** Live numbers of the last minutes, refreshed every 3 s. */
export function OverviewView() {
  const session = useSession();
  const [o, setOverview] = useState<Overview | undefined>(undefined);
  async function load() {
    try {
      setOverview(await api<Overview>('/overview'));
    } catch (err) {
      session.failed(err);
    }
  }
  useOnce(() => void load());
  useEvery(REFRESH_MS, () => void load());
  const statuses: StatusCount[] = o ? Object.keys(o.applications.byStatus).sort().map((s) => ({ id: s, n: o.applications.byStatus[s] })) : [];
  return html`
    <h2>Overview</h2>
    <p class="muted">${o ? `Updated ${new Date(o.at).toLocaleTimeString()} (refreshes every 3 s)` : ''}</p>
    <div class="cards" id="overview-cards">${o ? html`<${Metrics} o=${o} />` : null}</div>
    <div class="card">
      ${o
        ? html`<h3>Applications by status</h3>
            <${Table} columns=${STATUS_COLUMNS} rows=${statuses} />`
        : null}
    </div>
  `;
}
