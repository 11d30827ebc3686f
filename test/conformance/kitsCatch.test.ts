import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import type { CrmAdapter, LenderAdapter, LenderConfig } from 'lendwire/sdk';
import { crmFetch, callbackAccepted } from 'lendwire/sdk';
import { crmConformanceSuite, lenderConformanceSuite, runConformanceRules, type ConformanceResult } from 'lendwire/testing';
import { parseManifest } from '../../plugin/index.js';
import { testManifest } from '../support/testManifest.js';
import { SHARED_FIXTURES } from '../support/sharedFixtures.js';
import { crmTarget, operationFor } from '../crm/crmTestSupport.js';

async function run(suite: ReturnType<typeof lenderConformanceSuite>): Promise<ConformanceResult[]> {
  try {
    return await runConformanceRules(await suite.start());
  } finally {
    await suite.stop();
  }
}
const failed = (results: ConformanceResult[]) => results.filter((r) => !r.ok).map((r) => r.name);
const detailOf = (results: ConformanceResult[], prefix: string) => results.find((r) => r.name.startsWith(prefix))?.detail ?? '';

const lender = parseManifest(testManifest({ lenders: [{ id: 'sloppy', adapter: 'sloppy', submission: { url: 'https://lender.invalid/' } }] })).lenders[0] as LenderConfig;
const declined = readFileSync(`${SHARED_FIXTURES}/apptraker/09-declined.json`, 'utf8');

/** A lender adapter that breaks most rules the way real ones do. */
const sloppyLender: LenderAdapter = {
  id: 'sloppy',
  callbacks: {
    authenticate: () => callbackAccepted(), // no authentication at all
    parse(callback) {
      const body = JSON.parse(callback.body.toString('utf8')) as { Application: { DecisionStatus: string; Appno: number } }; // throws on bad input
      const word = String(body.Application.DecisionStatus);
      return { parseStatus: 'parsed', reason: null, events: [{ kind: 'update', ref: { lenderAppNo: String(body.Application.Appno) }, status: word === 'Declined' ? 'declined' : 'needs_review', lenderStatus: word, vendorAt: null }] };
    },
  },
  submission: {
    async submit(request, config, ctx) {
      const result = await ctx.http.send({ method: 'POST', url: config.submission!.url!, body: JSON.stringify(request.application) });
      if (result.kind !== 'response') return { outcome: 'rejected', code: result.code, reason: result.message }; // a timeout is not a refusal
      if (result.status < 300) return { outcome: 'accepted', lenderAppId: 'X' };
      return { outcome: 'retryable', code: 'E_HTTP', message: `${result.status}: ${result.body}` }; // no Retry-After, echoes PII
    },
    async lookup(_request, _config, ctx) {
      const result = await ctx.http.send({ method: 'GET', url: 'http://127.0.0.1:1/nowhere' });
      return result.kind === 'response' ? { result: 'found', lenderAppId: 'X' } : { result: 'not_found', reason: 'no answer' };
    },
  },
};

describe('conformance kits catch adapters that break the contract (evidence included)', () => {
  it('the lender kit fails a sloppy lender adapter rule by rule', async () => {
    const results = await run(
      lenderConformanceSuite({
        adapter: sloppyLender,
        lender,
        secrets: {},
        fuzzCases: 50,
        fixtures: {
          callbacks: { samples: [{ name: '09-declined.json', body: declined }], sign: () => ({}), statuses: [{ lenderStatus: 'Declined', status: 'declined', callback: { name: '09-declined.json', body: declined } }] },
          submission: { accepted: { answer: { status: 200, body: '{"id":"A-1"}' }, lenderAppId: 'A-1' }, rejected: { status: 400, body: '{}' } },
          lookup: { found: { answer: { status: 200, body: '{}' }, lenderAppId: 'A-1' }, notFound: { status: 404, body: '{}' } },
        },
      }),
    );
    expect(failed(results)).to.include.members([
      'callbacks: a request without the lender’s authentication is refused (401/403)',
      'callbacks: parse never throws and answers a well-formed result, on any byte sequence (fuzzed)',
      'callbacks: never invents a status (unknown status words and fuzzed input give none)',
      'submission: an accepted answer is accepted with the lender’s id, sent once',
      'submission: a documented refusal is rejected with a reason',
      'submission: a timeout after sending is unknown, never failed or retried',
      'submission: a 500 is unknown, never retried blindly',
      'submission: a 503 is retryable and honours Retry-After',
      'submission: no SSN, birth date, income or secret in any outcome, even when the lender echoes the request',
      'lookup: finds the application by lendwire’s id',
      'lookup: a timeout or a 500 is unknown, never not_found',
    ]);
    expect(failed(results)).to.not.include('callbacks: every documented status maps as documented');
    expect(detailOf(results, 'callbacks: parse never throws')).to.match(/seed 20261204|fixed input/).and.match(/"base64"/);
    expect(detailOf(results, 'submission: no SSN')).to.include('123-45-6789');
    expect(detailOf(results, 'callbacks: never invents')).to.include('Zqx8Unheard');
  });

  it('the CRM kit fails a CRM adapter that skips the dispatcher, retries refused credentials and ignores Retry-After', async () => {
    const crm = crmTarget({ id: 'careless', adapter: 'hubspot', credentials: { accessToken: { env: 'T' } }, link: { property: 'p', name: 'n' }, actions: { withdrawn: { type: 'task', subject: 's', dueInDays: 1 } } });
    const careless: CrmAdapter = {
      id: 'careless',
      async sync(op, target, ctx) {
        const headers = { authorization: `Bearer ${ctx.secret({ env: 'T' })}` };
        // The task first, then the deal; no ctx.dispatcher.
        await crmFetch({ method: 'POST', url: `${target.baseUrl}/tasks`, headers, json: op.tasks, timeoutMs: ctx.timeoutMs });
        const res = await crmFetch({ method: 'POST', url: `${target.baseUrl}/deals/${Date.now()}`, headers, json: op.properties, timeoutMs: ctx.timeoutMs });
        if (!res.ok) throw new Error(res.message);
        if (res.status < 300) return { result: 'delivered' };
        return { result: 'retryable', code: 'E_HTTP', message: `${res.status}` };
      },
    };
    const results = await run(
      crmConformanceSuite({
        adapter: careless,
        crm,
        secrets: { T: 'secret-token-123456' },
        operation: operationFor('event.withdrawn.json', crm),
        fixtures: {
          routes: [
            { method: 'POST', path: /^\/deals\//, role: 'deal', answer: { status: 200, body: '{}' } },
            { method: 'POST', path: /^\/tasks$/, role: 'task', answer: { status: 201, body: '{}' } },
          ],
        },
      }),
    );
    expect(failed(results)).to.include.members([
      'sync: the recorded answers end in delivered, through ctx.dispatcher',
      'sync: a retried sync is idempotent (the deal is found by its link, the same writes are sent again)',
      'sync: ordering: the deal is written, with its stage, before its tasks',
      'sync: a 429 is rate-limited and honours Retry-After',
      'sync: a validation refusal (400) is permanent',
      'sync: refused credentials (401) are permanent and disable the target',
      'sync: a timeout is retryable, never delivered',
    ]);
    expect(failed(results)).to.not.include('sync: a 5xx is retryable');
    expect(detailOf(results, 'sync: a timeout')).to.match(/never throws/);
  });
});
