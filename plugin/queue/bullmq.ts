import { createRequire } from 'node:module';
import type * as BullMQ from 'bullmq';

/**
 * The BullMQ classes lendwire runs (Queue, Worker, DelayedError), loaded from their own
 * files: the package's index also loads its PostgreSQL backend and its SQL, which
 * lendwire does not use (1.2 MB of every host's live heap; docs/performance.md,
 * "2026-12-05, tenth session"). Types come from the package as usual;
 * test/foundation/leanImports.test.ts checks these are BullMQ's own classes,
 * importFootprint.test.ts that the index and its backend stay unloaded.
 */
const load = createRequire(import.meta.url);

export const { Queue } = load('bullmq/dist/cjs/classes/queue.js') as Pick<typeof BullMQ, 'Queue'>;
export const { Worker } = load('bullmq/dist/cjs/classes/worker.js') as Pick<typeof BullMQ, 'Worker'>;
export const { DelayedError } = load('bullmq/dist/cjs/classes/errors/index.js') as Pick<typeof BullMQ, 'DelayedError'>;
