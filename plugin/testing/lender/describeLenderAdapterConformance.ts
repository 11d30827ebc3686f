import { registerConformanceRules } from '../registerConformanceRules.js';
import { lenderConformanceSuite } from './lenderConformanceSuite.js';
import type { LenderConformanceOptions } from './LenderConformanceOptions.js';

/**
 * Registers the lender adapter contract as tests, one per rule, in the
 * caller's mocha (or node:test, with `runner`) suite:
 * `describeLenderAdapterConformance({ adapter, lender, secrets, fixtures })`.
 * A failing test names its rule and shows the evidence (outcome, request,
 * fuzz seed and bytes). See docs/sdk.md.
 */
export function describeLenderAdapterConformance(options: LenderConformanceOptions): void {
  registerConformanceRules(`lender adapter "${options.adapter.id}" keeps the LenderAdapter contract`, lenderConformanceSuite(options), options.runner);
}
