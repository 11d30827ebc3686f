import { inject, injectable } from 'inversify';
import { TOKENS } from '../kernel/tokens.js';
import type { Manifest } from '../manifest/Manifest.js';

/**
 * Callback jobs in flight per process. Processing waits on Postgres round trips,
 * not CPU (profile: the worker process is mostly idle at 200/s), and one
 * application's callbacks are serialised by its lock, not by a small pool.
 */
const DEFAULT_JOBS = 16;

/**
 * Processing transactions in flight per process. Jobs that arrive while all are
 * busy share the next one (one commit, one lock statement for all), so under load
 * a transaction carries about jobs / transactions callbacks; at rest, one.
 */
const DEFAULT_TRANSACTIONS = 4;

/**
 * Callbacks a process holds for its own processing (LocalCallbacks) per job slot: 16 slots hold
 * 1,024, about two seconds of work at the rates a 2-core machine reaches, well inside
 * `callbackPendingGrace` (so another process' sweep does not queue them meanwhile).
 */
const HELD_PER_JOB = 64;

/**
 * How much callback processing one process runs at once: `runtime.concurrency.callbacks`
 * jobs, in at most `runtime.concurrency.callbackTransactions` transactions.
 */
@injectable()
export class CallbackConcurrency {
  /** Callback jobs in flight. */
  readonly jobs: number;
  /** Processing transactions in flight. */
  readonly transactions: number;
  /** The most jobs one transaction applies. */
  readonly batchSize: number;
  /** The most callbacks this process holds for its own processing; more go to the queue. */
  readonly held: number;

  constructor(@inject(TOKENS.Manifest) manifest: Manifest) {
    this.jobs = manifest.runtime.concurrency.callbacks ?? DEFAULT_JOBS;
    this.transactions = manifest.runtime.concurrency.callbackTransactions ?? DEFAULT_TRANSACTIONS;
    this.batchSize = this.jobs;
    this.held = this.jobs * HELD_PER_JOB;
  }
}
