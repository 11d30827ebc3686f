/**
 * A condition that makes the statement it is in commit without waiting for the WAL flush
 * (`synchronous_commit = off` for its own transaction: `set_config(..., true)` is what
 * `SET LOCAL` does, and works in the implicit transaction of a single statement). Always true.
 *
 * Only for bookkeeping Postgres can lose in a crash of its own and that lendwire then redoes:
 * the relay's "relayed" marks with the deliveries they create (the events stay unrelayed and
 * are fanned out again; webhook-id is the event's id), and claims (the delivery goes back to
 * where it was, and is sent again: at least once). What partners and dealers are promised
 * (events, callbacks, applications, attempt outcomes) still commits durably, and every later
 * durable commit flushes these too: the WAL is written in order. On this machine a WAL flush
 * now and then takes tens of milliseconds, and the relay and the claim are on the way from an
 * event to its webhook (docs/performance.md, eleventh session).
 *
 * Only in a statement run on its own (autocommit): in an explicit transaction it would make
 * the whole transaction's commit lose-able.
 */
export const COMMIT_WITHOUT_FLUSH = `(SELECT set_config('synchronous_commit', 'off', true)) = 'off'`;
