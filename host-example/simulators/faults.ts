/**
 * What can go wrong with a real loan origination system, on demand. Each value
 * is a probability between 0 and 1 (1 = always), so a demo can sprinkle faults
 * and a test can force one.
 */
export interface SandboxFaults {
  /** Submission answered 503 (nothing was created at the vendor). */
  submit5xx?: number;
  /** Submission never answered (the caller's timeout fires after the vendor got it). */
  submitTimeout?: number;
  /** Submission answered after `slowMs`. */
  submitSlow?: number;
  /** A callback body replaced by an HTML error page. */
  malformed?: number;
  /** A callback body cut in the middle of the JSON. */
  truncated?: number;
  /** A callback sent twice. */
  duplicate?: number;
  /** Stage-2 callbacks sent in the wrong order. */
  outOfOrder?: number;
  /** An old decision re-sent after the final callback. */
  late?: number;
  /** Callbacks sent after an extra `slowMs`. */
  slowCallbacks?: number;
}

export const FAULT_NAMES = ['submit5xx', 'submitTimeout', 'submitSlow', 'malformed', 'truncated', 'duplicate', 'outOfOrder', 'late', 'slowCallbacks'] as const;
export type FaultName = (typeof FAULT_NAMES)[number];

/** Rolls the dice for one fault (random is injectable so tests are deterministic). */
export function faultHappens(faults: SandboxFaults, name: FaultName, random: () => number = Math.random): boolean {
  const p = faults[name] ?? 0;
  return p > 0 && random() < p;
}

/** Keeps only known fault names with probabilities in [0, 1]; returns the problems found. */
export function checkFaults(input: unknown): { faults: SandboxFaults; problems: string[] } {
  const problems: string[] = [];
  const faults: SandboxFaults = {};
  if (!input || typeof input !== 'object' || Array.isArray(input)) return { faults, problems: ['faults must be an object of probabilities'] };
  for (const [name, value] of Object.entries(input)) {
    if (!(FAULT_NAMES as readonly string[]).includes(name)) problems.push(`unknown fault "${name}" (known: ${FAULT_NAMES.join(', ')})`);
    else if (typeof value !== 'number' || value < 0 || value > 1) problems.push(`fault "${name}" must be a probability between 0 and 1`);
    else faults[name as FaultName] = value;
  }
  return { faults, problems };
}
