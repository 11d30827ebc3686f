import type { Harness } from '../../support/harness.js';
import { createApplicationHarness } from '../../support/applicationHarness.js';
import { applicationManifest } from '../../applications/support/fixtures.js';

/**
 * The submission tests' host: appTRAKER lenders at nock addresses with a 400 ms timeout,
 * quick retries and orphan detection, and no periodic sweep (tests drive what they need).
 */
export function createFastSubmissionHarness(maxAttempts = 3): Promise<Harness> {
  return createApplicationHarness({
    manifest: applicationManifest({ timeoutMs: 400 }),
    submissions: { maxAttempts, backoffMs: 20, orphanGraceMs: 200, sweepIntervalMs: 60_000 },
  });
}
