/**
 * A broken rule: says what the contract expects and shows what the adapter did
 * (its outcome, the request the stand-in received, the fuzz seed and input),
 * so a partner can reproduce it without reading the kit.
 */
export class ConformanceFailure extends Error {
  override readonly name = 'ConformanceFailure';

  constructor(
    readonly expected: string,
    readonly evidence: Record<string, unknown>,
  ) {
    super(`${expected}\n  evidence: ${ConformanceFailure.show(evidence)}`);
  }

  private static show(evidence: Record<string, unknown>): string {
    return JSON.stringify(evidence, (_key, value: unknown) => (Buffer.isBuffer(value) ? { base64: value.toString('base64') } : value instanceof Error ? `${value.name}: ${value.message}` : value), 2).replace(/\n/g, '\n  ');
  }
}

/** Throws a ConformanceFailure unless `holds`. */
export function expectRule(holds: boolean, expected: string, evidence: Record<string, unknown>): asserts holds {
  if (!holds) throw new ConformanceFailure(expected, evidence);
}
