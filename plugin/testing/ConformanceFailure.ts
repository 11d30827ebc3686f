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

  /** Evidence as indented JSON: bytes as base64 (with a text preview), errors as their message. */
  private static show(evidence: Record<string, unknown>): string {
    const shown = JSON.stringify(
      evidence,
      (_key, value: unknown) => {
        // JSON.stringify has already turned a Buffer into { type: 'Buffer', data } when the replacer sees it.
        const bytes = value && typeof value === 'object' && (value as { type?: unknown }).type === 'Buffer' && Array.isArray((value as { data?: unknown }).data) ? Buffer.from((value as { data: number[] }).data) : undefined;
        if (bytes) return { base64: bytes.toString('base64'), text: bytes.toString('utf8').slice(0, 200) };
        return value instanceof Error ? `${value.name}: ${value.message}` : value;
      },
      2,
    );
    return shown.replace(/\n/g, '\n  ');
  }
}

/** Throws a ConformanceFailure unless `holds`. */
export function expectRule(holds: boolean, expected: string, evidence: Record<string, unknown>): asserts holds {
  if (!holds) throw new ConformanceFailure(expected, evidence);
}
