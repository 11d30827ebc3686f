import type { ConformanceResult, ConformanceRule } from './ConformanceRule.js';

/**
 * Runs rules one after the other (never in parallel: several share one local
 * stand-in) and reports each; a rule that throws anything fails with its message.
 */
export async function runConformanceRules(rules: readonly ConformanceRule[]): Promise<ConformanceResult[]> {
  const results: ConformanceResult[] = [];
  for (const rule of rules) {
    try {
      await rule.check();
      results.push({ name: rule.name, ok: true });
    } catch (err) {
      results.push({ name: rule.name, ok: false, detail: err instanceof Error ? err.message : String(err) });
    }
  }
  return results;
}
