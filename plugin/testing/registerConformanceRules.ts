import type { ConformanceRule } from './ConformanceRule.js';
import { defaultTestRunner, type TestRunner } from './TestRunner.js';

/** What a kit's describe function registers: rules built once the stand-ins are up, and how to take them down. */
export interface ConformanceSuite {
  /** The rule names, known before anything runs (test frameworks register tests up front). */
  names: readonly string[];
  /** Starts the stand-ins and returns the rules, in the order of `names`. */
  start(): Promise<readonly ConformanceRule[]>;
  stop(): Promise<void>;
}

/**
 * Registers one `describe` with one test per rule: the stand-ins start in
 * `before` and stop in `after`, each test runs its rule and fails with the
 * rule's evidence.
 */
export function registerConformanceRules(title: string, suite: ConformanceSuite, runner: TestRunner = defaultTestRunner()): void {
  runner.describe(title, () => {
    let rules = new Map<string, ConformanceRule>();
    runner.before(async () => {
      rules = new Map((await suite.start()).map((rule) => [rule.name, rule]));
    });
    runner.after(() => suite.stop());
    for (const name of suite.names) {
      runner.it(name, async () => {
        const rule = rules.get(name);
        if (!rule) throw new Error(`lendwire/testing: rule "${name}" was not set up (did the stand-in start?)`);
        await rule.check();
      });
    }
  });
}
