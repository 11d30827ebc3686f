/**
 * The few functions of a test framework the kits register their rules with.
 * mocha's globals fit it, and so does `node:test`
 * (`import { describe, it, before, after } from 'node:test'`).
 */
export interface TestRunner {
  describe(title: string, body: () => void): unknown;
  it(title: string, check: () => Promise<void>): unknown;
  before(hook: () => Promise<void> | void): unknown;
  after(hook: () => Promise<void> | void): unknown;
}

/** mocha's globals, when the kit runs inside mocha; else the runner must be passed explicitly. */
export function defaultTestRunner(): TestRunner {
  const g = globalThis as Partial<TestRunner>;
  if (typeof g.describe === 'function' && typeof g.it === 'function' && typeof g.before === 'function' && typeof g.after === 'function') {
    return { describe: g.describe, it: g.it, before: g.before, after: g.after };
  }
  throw new Error("lendwire/testing: no test runner found: run inside mocha, or pass { runner: { describe, it, before, after } } from 'node:test'");
}
