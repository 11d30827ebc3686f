import { pino } from 'pino';
import type { CrmConfig } from '../../manifest/Manifest.js';
import type { CrmSyncContext } from '../../sdk/CrmAdapter.js';
import type { DeliveryOutcome } from '../../sdk/DeliveryOutcome.js';
import { Metrics } from '../../observability/Metrics.js';
import type { ConformanceRule } from '../ConformanceRule.js';
import { ConformanceFailure, expectRule } from '../ConformanceFailure.js';
import type { CountingAgent } from '../CountingAgent.js';
import { findLeaks } from '../findLeaks.js';
import type { LocalStandIn, ReceivedCall, StandInScript } from '../LocalStandIn.js';
import { secretsFrom } from '../secretsFrom.js';
import type { CrmCallRole, CrmConformanceOptions } from './CrmConformanceOptions.js';

const HANG_TIMEOUT_MS = 500;
const TIMEOUT_MS = 5_000;

/** The CRM rules' names, in order. */
export const CRM_RULE_NAMES = [
  'sync: the recorded answers end in delivered, through ctx.dispatcher',
  'sync: a retried sync is idempotent (the deal is found by its link, the same writes are sent again)',
  'sync: ordering: the deal is written, with its stage, before its tasks',
  'sync: a 5xx is retryable',
  'sync: a 429 is rate-limited and honours Retry-After',
  'sync: a validation refusal (400) is permanent',
  'sync: refused credentials (401) are permanent and disable the target',
  'sync: a timeout is retryable, never delivered',
  'sync: no secret in any outcome, even when the CRM echoes the request',
] as const;

/** What the CRM rules share. */
export interface CrmBench {
  standIn: LocalStandIn;
  dispatcher: CountingAgent;
  crm: CrmConfig;
}

/**
 * The CRM adapter contract against a real local stand-in replaying the
 * partner's recorded API answers: delivered, idempotent retries, deal before
 * tasks, 5xx / 429 / 400 / 401 / timeout classified as the delivery engine
 * expects (retryable, rateLimited with Retry-After, permanent, disableTarget),
 * secrets never in outcomes, and never a throw.
 */
export function crmRules(options: CrmConformanceOptions, bench: CrmBench): ConformanceRule[] {
  const { adapter, operation } = options;
  const secrets = Object.values(options.secrets);
  const context = (timeoutMs = TIMEOUT_MS): CrmSyncContext => ({ logger: pino({ level: 'silent' }), secret: secretsFrom(options.secrets), timeoutMs, metrics: new Metrics(), dispatcher: bench.dispatcher });
  const roleOf = (call: ReceivedCall): CrmCallRole | undefined => options.fixtures.routes.find((r) => r.method.toUpperCase() === call.method && r.path.test(call.path.split('?')[0]))?.role;
  const recorded: StandInScript = (call) => {
    const route = options.fixtures.routes.find((r) => r.method.toUpperCase() === call.method && r.path.test(call.path.split('?')[0]));
    if (!route) return { status: 404, body: JSON.stringify({ conformance: `no recorded answer for ${call.method} ${call.path}` }) };
    return { ...route.answer, body: route.answer.body.split('{{standIn}}').join(bench.standIn.url) };
  };
  const sync = async (script: StandInScript, timeoutMs?: number): Promise<DeliveryOutcome> => {
    bench.standIn.answer(script);
    try {
      return await adapter.sync(operation, bench.crm, context(timeoutMs));
    } catch (err) {
      throw new ConformanceFailure('sync classifies every CRM failure, it never throws', { error: err, received: bench.standIn.calls.map(brief) });
    }
  };
  const brief = (call: ReceivedCall) => ({ method: call.method, path: call.path, body: call.body.slice(0, 500) });
  const evidence = (outcome: unknown) => ({ outcome, received: bench.standIn.calls.map(brief) });
  const writes = (calls: readonly ReceivedCall[]) => calls.filter((c) => c.method !== 'GET' && roleOf(c) !== 'other').map((c) => `${c.method} ${c.path} ${c.body}`);
  const rule = (index: number, check: () => Promise<void>): ConformanceRule => ({ name: CRM_RULE_NAMES[index], check });
  return [
    rule(0, async () => {
      const before = bench.dispatcher.dispatched;
      const outcome = await sync(recorded);
      expectRule(outcome.result === 'delivered', 'delivered', evidence(outcome));
      expectRule(bench.dispatcher.dispatched > before, 'the requests went through ctx.dispatcher', evidence(outcome));
    }),
    rule(1, async () => {
      const first = await sync(recorded);
      const firstWrites = writes(bench.standIn.calls);
      const linked = bench.standIn.calls.some((c) => decodeURIComponent(`${c.path} ${c.body}`).includes(operation.deal.value));
      const second = await sync(recorded);
      const secondWrites = writes(bench.standIn.calls);
      expectRule(first.result === 'delivered' && second.result === 'delivered', 'both syncs delivered', { first, second });
      expectRule(linked, `the deal is found by its link value ${JSON.stringify(operation.deal.value)} (in a path, query or body)`, evidence(first));
      expectRule(JSON.stringify(firstWrites) === JSON.stringify(secondWrites), 'the retried sync sends the same writes as the first', { firstWrites, secondWrites });
    }),
    rule(2, async () => {
      const outcome = await sync(recorded);
      const roles = bench.standIn.calls.map(roleOf);
      const firstDeal = roles.indexOf('deal');
      const firstTask = roles.indexOf('task');
      expectRule(outcome.result === 'delivered' && firstDeal >= 0, 'delivered, with a deal write', evidence(outcome));
      expectRule(operation.tasks.length === 0 || (firstTask > firstDeal), 'the deal is written before any task is created', { roles, ...evidence(outcome) });
      const dealCall = bench.standIn.calls[firstDeal];
      expectRule(operation.stage === undefined || dealCall.body.includes(String(operation.stage)), `the deal write carries the stage ${JSON.stringify(operation.stage)}`, { dealWrite: brief(dealCall) });
    }),
    rule(3, async () => {
      const outcome = await sync(() => ({ status: 503, body: '{"message":"unavailable"}' }));
      expectRule(outcome.result === 'retryable', 'retryable', evidence(outcome));
    }),
    rule(4, async () => {
      const outcome = await sync(() => ({ status: 429, headers: { 'retry-after': '9' }, body: '{"message":"rate limited"}' }));
      expectRule((outcome.result === 'rateLimited' || outcome.result === 'retryable') && outcome.waitMs === 9_000, 'rateLimited (or retryable) with waitMs 9000 (Retry-After: 9)', evidence(outcome));
    }),
    rule(5, async () => {
      const outcome = await sync((call) => (roleOf(call) === 'deal' ? { status: 400, body: '{"message":"Property values were not valid"}' } : recorded(call)));
      expectRule(outcome.result === 'permanent', 'permanent (the CRM refused the deal write: retrying sends the same)', evidence(outcome));
    }),
    rule(6, async () => {
      const outcome = await sync(() => ({ status: 401, body: '{"message":"invalid credentials"}' }));
      expectRule(outcome.result === 'permanent' && outcome.disableTarget === true, 'permanent with disableTarget: true', evidence(outcome));
    }),
    rule(7, async () => {
      const outcome = await sync(() => 'hang', HANG_TIMEOUT_MS);
      expectRule(outcome.result === 'retryable' || outcome.result === 'rateLimited', `retryable after ${HANG_TIMEOUT_MS} ms without an answer`, evidence(outcome));
    }),
    rule(8, async () => {
      for (const status of [400, 401, 500]) {
        const outcome = await sync((call) => ({ status, headers: { 'content-type': 'text/plain' }, body: `echo: ${JSON.stringify(call.headers)} ${call.body}` }));
        const leaks = findLeaks(outcome, secrets.filter((s) => s.length >= 4));
        expectRule(leaks.length === 0, `HTTP ${status} echoing the request: no secret in the outcome`, { leaks, outcome });
      }
    }),
  ];
}
