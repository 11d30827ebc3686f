import { registerBuiltInAdapters } from '../../adapters/index.js';
import { applicationManifest } from '../applications/support/fixtures.js';
import { createHarness, type Harness } from './harness.js';
import type { CreateLendwireOptions } from '../../plugin/index.js';

/** The day the shared application fixtures are checked against (the applicant is of age, the deal is current). */
export const FIXTURE_TODAY = new Date('2026-11-23T12:00:00Z');

export interface ApplicationHarnessOptions {
  /** Defaults to `applicationManifest()`: appTRAKER lenders against nock, PII encryption. */
  manifest?: Record<string, unknown>;
  /** Start the workers (default true). */
  start?: boolean;
  /** Submission worker tuning (backoff, attempts, sweep interval...). */
  submissions?: CreateLendwireOptions['submissions'];
}

/** A harness for the application and submission tests: built-in adapters, the clock stopped at FIXTURE_TODAY. */
export function createApplicationHarness(options: ApplicationHarnessOptions = {}): Promise<Harness> {
  return createHarness({
    manifest: options.manifest ?? applicationManifest(),
    register: registerBuiltInAdapters,
    start: options.start,
    extra: { clock: { now: () => FIXTURE_TODAY }, ...(options.submissions ? { submissions: options.submissions } : {}) },
  });
}
