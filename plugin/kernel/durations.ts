const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** The manifest's duration format: a whole number and a unit (ms, s, m, h, d). */
const DURATION = /^(\d+)(ms|s|m|h|d)$/;

/** Whether `text` is a duration like 500ms, 30s, 5m, 2h or 7d (what parseDuration accepts). */
export function isDuration(text: unknown): text is string {
  return typeof text === 'string' && DURATION.test(text);
}

/** "500ms", "30s", "5m", "2h", "7d" -> milliseconds (the manifest's duration format). */
export function parseDuration(text: string): number {
  const match = DURATION.exec(text);
  if (!match) throw new Error(`"${text}" is not a duration like 500ms, 30s, 5m, 2h or 7d`);
  return Number(match[1]) * UNIT_MS[match[2]];
}
