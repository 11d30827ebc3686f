/**
 * One rule of an adapter contract, as the conformance kits check it: a name a
 * partner reads in their test report ("submission: a timeout after sending is
 * unknown, never failed") and a check that throws a ConformanceFailure carrying
 * the evidence when the adapter breaks the rule.
 */
export interface ConformanceRule {
  readonly name: string;
  check(): Promise<void>;
}

/** What one rule came to: `detail` holds the failure's evidence. */
export interface ConformanceResult {
  name: string;
  ok: boolean;
  detail?: string;
}
