import { readFileSync } from 'node:fs';
import type { RecordedCallback } from 'lendwire/testing';
import { SHARED_FIXTURES } from '../support/sharedFixtures.js';

/** A recorded callback from test/fixtures/shared, by its path there. */
export function recordedCallback(path: string, extra: Partial<RecordedCallback> = {}): RecordedCallback {
  return { name: path, body: readFileSync(`${SHARED_FIXTURES}/${path}`), ...extra };
}
