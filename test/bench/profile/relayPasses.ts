import type { Knex } from 'knex';

/** The relay's read of the waiting events (`OutboxRelay.relayBatch`): one per pass, its rows the events the pass relays (unless another relay claims them first). */
const CLAIM = /^SELECT id, event_id, type, application_id, dealer_id, trace_context FROM \S+\.outbox WHERE relayed_at IS NULL/;
/** The application-lock statement: one per processing transaction with keyed callbacks, each commit a NOTIFY (events of a transaction fold into one). */
const PROCESSING_LOCK = /pg_advisory_xact_lock/;

/**
 * Counts relay passes and the events each one read (knex 'query-response' of the
 * pass's first statement), next to the processing transactions whose commits wake the relay.
 */
export function countRelayPasses(knex: Knex): { stop(): { claimed: number[]; processingTransactions: number } } {
  const claimed: number[] = [];
  let processingTransactions = 0;
  const onResponse = (response: { rowCount?: number }, q: { sql: string }) => {
    if (CLAIM.test(q.sql.trim())) claimed.push(response.rowCount ?? 0);
    else if (PROCESSING_LOCK.test(q.sql)) processingTransactions++;
  };
  knex.on('query-response', onResponse);
  return {
    stop: () => {
      knex.removeListener('query-response', onResponse);
      return { claimed, processingTransactions };
    },
  };
}

/** One line: passes and processing transactions per callback, events per pass (mean, median, max), empty passes. */
export function describeRelayPasses({ claimed, processingTransactions }: { claimed: number[]; processingTransactions: number }, callbacks: number): string {
  const sorted = [...claimed].sort((a, b) => a - b);
  const events = claimed.reduce((a, b) => a + b, 0);
  const per = (x: number) => (x / callbacks).toFixed(3);
  return (
    `relay: ${claimed.length} passes (${per(claimed.length)} per callback), ${events} events, per pass mean ${(events / Math.max(1, claimed.length)).toFixed(2)}` +
    ` median ${sorted[Math.floor(sorted.length / 2)] ?? 0} max ${sorted.at(-1) ?? 0}, empty passes ${claimed.filter((c) => c === 0).length};` +
    ` processing transactions (lock statements) ${processingTransactions} (${per(processingTransactions)} per callback)`
  );
}
