import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConflictError, type Lendwire } from '../plugin/index.js';
import { DEMO_OUT_DIRECTORY } from './hostConfig.js';

/** Where the demo's batch-file partner receives its files (host-example/out/batches/ unless DEMO_OUT_DIR says otherwise). */
export const DEMO_BATCH_DIRECTORY = join(DEMO_OUT_DIRECTORY, 'batches');

/** Lets the built-in batch-file transport write below the demo's folder; call before `registerBuiltInAdapters`. */
export function allowDemoBatchDirectory(): void {
  mkdirSync(DEMO_BATCH_DIRECTORY, { recursive: true });
  const roots = (process.env.LENDWIRE_BATCH_DIRECTORIES ?? '').split(':').filter(Boolean);
  if (!roots.includes(DEMO_BATCH_DIRECTORY)) process.env.LENDWIRE_BATCH_DIRECTORIES = [...roots, DEMO_BATCH_DIRECTORY].join(':');
}

/**
 * A file-based partner for the demo: every application event, collected into a
 * JSON Lines file every 10 seconds (or 50 events) with its `.sha256.json` sidecar,
 * in host-example/out/batches/. Created through the run-time API once; kept across runs.
 */
export async function addBatchFilePartner(lendwire: Lendwire): Promise<void> {
  try {
    await lendwire.subscriptions.create(
      {
        id: 'demo-batch-files',
        url: pathToFileURL(DEMO_BATCH_DIRECTORY).href,
        events: ['application.*'],
        transport: 'batch-file',
        transportSettings: { format: 'jsonl', maxAge: '10s', maxRecords: 50 },
      },
      { actor: 'host-example demo' },
    );
  } catch (err) {
    if (!(err instanceof ConflictError)) throw err;
  }
}
