/**
 * The bars of issue 11 / docs/design.md "Performance bars". Every
 * run prints a verdict for each: a bar no benchmark measured says so.
 */
export const BARS = {
  ingestRatio: { text: 'callback ingest throughput >= 0.90 x baseline', atLeast: 0.9 },
  ingestP99Ms: { text: 'callback ingest p99 <= 50 ms at 50 connections', atMost: 50 },
  deliveryBatchRatio: { text: 'outbound batch throughput >= 0.80 x baseline', atLeast: 0.8 },
  deliverySteadyP99Ms: { text: 'outbound steady 200/s, event -> receiver p99 <= 25 ms', atMost: 25 },
  callbackToWebhookP99Ms: { text: 'callback received -> webhook delivered p99 <= 250 ms at 200/s, nothing missing', atMost: 250 },
  callbacksSustained500: { text: '500 callbacks/s sustained end to end without a growing backlog', holds: true },
  dealerSubmitP99Ms: { text: 'dealer POST /applications -> lender request p99 <= 100 ms at 20/s', atMost: 100 },
  lookupP99Ms: { text: 'searches and callback lookups p99 <= 5 ms at 1M applications / 10M raw callbacks', atMost: 5 },
  lookupIndexScans: { text: 'EXPLAIN of every lookup: index scans, no Seq Scan', holds: true },
  hostRssMb: { text: 'host RSS <= 300 MB through the whole bench', atMost: 300 },
} satisfies Record<string, { text: string; atLeast?: number; atMost?: number; holds?: true }>;

export type BarId = keyof typeof BARS;

/** What a benchmark measured for a bar: a number (checked against the bar's limit) or a yes/no; `holds: false` fails it whatever the number. */
export interface Measurement {
  value: number | boolean;
  /** Extra conditions of the bar, e.g. "nothing missing". */
  holds?: boolean;
  detail?: string;
}

export type Verdict = 'PASS' | 'BELOW BAR' | 'NOT MEASURED';

export interface Check {
  bar: string;
  measured: number | boolean | null;
  detail?: string;
  verdict: Verdict;
}

export function judge(id: BarId, m: Measurement | undefined): Check {
  const bar: { text: string; atLeast?: number; atMost?: number; holds?: true } = BARS[id];
  if (!m) return { bar: bar.text, measured: null, verdict: 'NOT MEASURED', detail: 'no benchmark in this run measures it' };
  let ok = m.holds !== false;
  if (typeof m.value === 'boolean') ok &&= m.value;
  else {
    ok &&= Number.isFinite(m.value);
    if (bar.atLeast !== undefined) ok &&= m.value >= bar.atLeast;
    if (bar.atMost !== undefined) ok &&= m.value <= bar.atMost;
  }
  return { bar: bar.text, measured: m.value, ...(m.detail ? { detail: m.detail } : {}), verdict: ok ? 'PASS' : 'BELOW BAR' };
}
