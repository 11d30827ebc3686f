import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import type { CrmAdapter, LenderAdapter, LenderConfig } from 'lendwire/sdk';
import { crmFetch, callbackAccepted } from 'lendwire/sdk';
import type { Transport } from 'lendwire/sdk';
import { crmConformanceSuite, fileTransportConformanceSuite, lenderConformanceSuite, runConformanceRules, type ConformanceResult } from 'lendwire/testing';
import ssh2 from 'ssh2';
import type { SFTPWrapper } from 'ssh2';
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

/**
 * A file transport that writes straight under the final name (in two writes),
 * trusts any host key, has no timeout and lets every error escape.
 */
const sloppyFileTransport: Transport = {
  id: 'sloppy-sftp',
  async send(message, target, ctx) {
    const url = new URL(target.url);
    const settings = target.settings as { username: string; password: { env: string } };
    const client = new ssh2.Client();
    await new Promise<void>((resolve, reject) => {
      client.once('ready', resolve).once('error', reject);
      client.connect({ host: url.hostname, port: Number(url.port), username: settings.username, password: ctx.secret(settings.password), hostVerifier: () => true });
    });
    try {
      const sftp = await new Promise<SFTPWrapper>((resolve, reject) => client.sftp((err, s) => (err ? reject(err) : resolve(s))));
      const call = (fn: (cb: (err?: Error | null) => void) => void) => new Promise<void>((resolve, reject) => fn((err) => (err ? reject(err) : resolve())));
      await call((cb) => sftp.mkdir('/conformance', () => cb()));
      const path = `/conformance/${message.type}-${message.id}.json`;
      const handle = await new Promise<Buffer>((resolve, reject) => sftp.open(path, 'w', (err, h) => (err ? reject(err) : resolve(h))));
      const body = Buffer.from(message.body, 'utf8');
      const half = Math.floor(body.length / 2);
      await call((cb) => sftp.write(handle, body, 0, half, 0, cb));
      await call((cb) => sftp.write(handle, body, half, body.length - half, half, cb));
      await call((cb) => sftp.close(handle, cb));
      return { result: 'delivered' };
    } finally {
      client.end();
    }
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

  it('the file-transport kit fails a transport that writes under the final name, trusts any host key and throws', async () => {
    const results = await run(fileTransportConformanceSuite(sloppyFileTransport));
    expect(failed(results)).to.deep.equal([
      'a server whose host key is not pinned is refused before any credential is sent: permanent, nothing written',
      'refused credentials are permanent (E_AUTH), nothing written',
      'a closed port is retryable',
      'no partial file is ever visible under the final name, even when the connection drops mid-write (the retry completes it)',
      'a server that stops answering ends retryable within the target timeout; send() never throws',
    ]);
    expect(detailOf(results, 'a server whose host key')).to.match(/^permanent/).and.match(/"op": "AUTH"/);
    expect(detailOf(results, 'refused credentials')).to.match(/never throws/).and.match(/authentication methods failed/);
    expect(detailOf(results, 'a closed port')).to.match(/never throws/).and.match(/ECONNREFUSED/);
    expect(detailOf(results, 'no partial file')).to.match(/never throws/);
    expect(detailOf(results, 'a server that stops')).to.match(/send\(\) returns within 6500 ms/);
  }).timeout(30_000);

  it('the file-transport kit fails a transport that classifies its failures but writes straight under the final name', async () => {
    const classifying: Transport = {
      id: 'direct-sftp',
      async send(message, target, ctx) {
        let timer: NodeJS.Timeout | undefined;
        const deadline = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), target.timeoutMs)));
        try {
          return await Promise.race([sloppyFileTransport.send(message, target, ctx), deadline]);
        } catch (err) {
          const refused = /authentication/.test((err as Error).message);
          return { result: refused ? 'permanent' : 'retryable', code: refused ? 'E_AUTH' : 'E_NETWORK', message: (err as Error).message };
        } finally {
          clearTimeout(timer);
        }
      },
    };
    const results = await run(fileTransportConformanceSuite(classifying));
    expect(failed(results)).to.deep.equal([
      'a server whose host key is not pinned is refused before any credential is sent: permanent, nothing written',
      'no partial file is ever visible under the final name, even when the connection drops mid-write (the retry completes it)',
    ]);
    // The evidence: half the body under the final name, opened for writing there.
    const detail = detailOf(results, 'no partial file');
    expect(detail).to.match(/nothing but complete bytes under \/conformance\/conformance\.test-msg_\w+\.json after the drop/).and.match(/"base64"/).and.match(/"op": "OPEN"/);
  }).timeout(30_000);
});
