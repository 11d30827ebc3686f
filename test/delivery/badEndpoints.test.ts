import { expect } from 'chai';
import { createServer, type Server } from 'node:net';
import { createHarness, type Harness } from '../support/harness.js';
import { unusedPort } from '../support/unusedPort.js';
import { startReceiver, type Receiver } from './support/receiver.js';
import { attemptsOf, deliveriesOf, deliveryManifest, emit, registerWebhook, rejection, subscription, waitFor } from './support/deliveryTestKit.js';
import { ConfigurationError, InputError, createLendwire } from '../../plugin/index.js';
import { pino } from 'pino';

/** Subscribes `id` to `<id>.test` events at `url` and waits for its first attempt's error code. */
async function firstAttemptOf(h: Harness, id: string) {
  const eventId = await emit(h.db.knex, `${id.replace(/-/g, '_')}.test`);
  const delivery = await waitFor(async () => (await deliveriesOf(h.db.knex, id)).find((d) => d.event_id === eventId && d.attempts >= 1), 10_000, `${id} attempt`);
  const [attempt] = await attemptsOf(h.db.knex, delivery.id);
  return { delivery, attempt };
}

describe('bad endpoints and bad subscription input', () => {
  let h: Harness;
  let r: Receiver;
  let closedPort: number;
  let resetServer: Server;
  let resetPort: number;

  before(async () => {
    r = await startReceiver();
    r.handler = (req, res, raw) => {
      if (req.path === '/redirect') return void res.writeHead(302, { location: 'http://169.254.169.254/latest' }).end();
      if (req.path === '/huge') {
        res.writeHead(500, { 'content-type': 'text/plain' });
        const chunk = 'x'.repeat(64 * 1024);
        let sent = 0;
        const pump = () => {
          while (sent < 20 * 1024 * 1024 && res.write(chunk)) sent += chunk.length;
          if (sent >= 20 * 1024 * 1024) res.end();
          else res.once('drain', pump);
        };
        raw.socket?.on('close', () => (sent = Infinity));
        return pump();
      }
      if (req.path === '/binary') return void res.writeHead(400).end(Buffer.from([0xff, 0xfe, 0x00, 0x41, 0xc3, 0x28]));
      res.writeHead(204).end();
    };
    // A port nobody listens on.
    closedPort = await unusedPort();
    // Accepts, then resets the connection.
    resetServer = createServer((socket) => socket.resetAndDestroy());
    await new Promise<void>((resolve) => resetServer.listen(0, '127.0.0.1', () => resolve()));
    resetPort = (resetServer.address() as { port: number }).port;

    const base = `http://127.0.0.1:${r.port}`;
    const once = { retry: { schedule: [] } };
    h = await createHarness({
      manifest: deliveryManifest({
        subscriptions: [
          subscription('redirect', `${base}/redirect`, { ...once, events: ['redirect.test'] }),
          subscription('huge', `${base}/huge`, { ...once, events: ['huge.test'] }),
          subscription('binary', `${base}/binary`, { ...once, events: ['binary.test'] }),
          subscription('refused', `http://127.0.0.1:${closedPort}/hooks`, { ...once, events: ['refused.test'] }),
          subscription('reset', `http://127.0.0.1:${resetPort}/hooks`, { ...once, events: ['reset.test'] }),
          subscription('nodns', 'http://lendwire-no-such-host.invalid/hooks', { ...once, events: ['nodns.test'] }),
          subscription('tls', `https://127.0.0.1:${r.port}/hooks`, { ...once, events: ['tls.test'] }),
        ],
      }),
      register: registerWebhook,
    });
  });
  after(async () => {
    await h?.close();
    await r?.close();
    resetServer?.close();
  });

  it('does not follow redirects: a 3xx is E_HTTP_3XX and the target is never called', async () => {
    const { attempt, delivery } = await firstAttemptOf(h, 'redirect');
    expect(attempt).to.include({ status_code: 302, error_code: 'E_HTTP_3XX' });
    expect(attempt.error_message).to.match(/not followed/);
    expect(delivery.status).to.equal('dead_lettered');
  });

  it('reads at most 4 KiB of an enormous answer and moves on', async () => {
    const started = Date.now();
    const { attempt } = await firstAttemptOf(h, 'huge');
    expect(attempt).to.include({ status_code: 500, error_code: 'E_HTTP_5XX' });
    expect(Buffer.byteLength(attempt.response_excerpt)).to.equal(4096);
    expect(Date.now() - started).to.be.below(5000);
  });

  it('stores invalid UTF-8 answers safely (replacement characters, no NUL)', async () => {
    const { attempt } = await firstAttemptOf(h, 'binary');
    expect(attempt).to.include({ status_code: 400, error_code: 'E_HTTP_4XX' });
    expect(attempt.response_excerpt).to.include('\uFFFD').and.to.include('A').and.not.to.include('\u0000');
  });

  it('classifies refused and reset connections, unknown hosts and TLS failures', async () => {
    expect((await firstAttemptOf(h, 'refused')).attempt.error_code).to.equal('E_CONNECT');
    expect((await firstAttemptOf(h, 'reset')).attempt.error_code).to.equal('E_RESET');
    expect((await firstAttemptOf(h, 'nodns')).attempt.error_code).to.equal('E_DNS');
    expect((await firstAttemptOf(h, 'tls')).attempt.error_code).to.equal('E_TLS');
  });

  it('refuses at connect time a hostname that resolves to a non-allowlisted address (E_SSRF, no request sent)', async () => {
    // Only ::1 is allowlisted here, so "localhost" passes the URL check but resolves to a refused 127.0.0.1.
    const strict = await createHarness({
      manifest: deliveryManifest({
        subscriptions: [subscription('rebinding', `http://localhost:${r.port}/hooks`, { retry: { schedule: [] }, events: ['rebinding.test'] })],
        security: { ssrfAllowlist: ['::1/128'] },
      }),
      register: registerWebhook,
    });
    try {
      const before = r.requests.length;
      const { attempt, delivery } = await firstAttemptOf(strict, 'rebinding');
      expect(attempt.error_code).to.equal('E_SSRF');
      expect(attempt.error_message).to.match(/localhost resolves to 127\.0\.0\.1/);
      expect(delivery.status).to.equal('dead_lettered');
      expect(r.requests.length).to.equal(before);
    } finally {
      await strict.close().catch(() => undefined);
    }
  });

  it('refuses API subscriptions with bad URLs, listing every problem (422-style InputError)', async () => {
    const cases: [string, RegExp][] = [
      ['not a url', /not a valid absolute URL/],
      ['ftp://partner.example.com/x', /only https/],
      ['https://user:secret@partner.example.com/x', /credentials/],
      ['https://10.1.2.3/hooks', /private/],
      ['https://[fd00::1]/hooks', /unique-local/],
    ];
    for (const [url, message] of cases) {
      const err = await rejection(h.lendwire.subscriptions.create({ url, events: ['application.*'] }, { actor: 'u-admin' }));
      expect(err, url).to.be.instanceOf(InputError);
      expect((err as InputError).problems).to.deep.include({ path: '/url', message: (err as InputError).problems[0].message });
      expect((err as InputError).problems[0].message).to.match(message);
    }
    const many = (await rejection(h.lendwire.subscriptions.create({ url: 'nope', events: [], secret: 'plain' } as never, { actor: 'u-admin' }))) as InputError;
    expect(many.problems.map((p) => p.path).sort()).to.deep.equal(['/events']);
    const semantic = (await rejection(h.lendwire.subscriptions.create({ url: 'nope', events: ['x.*'], secret: 'plain' }, { actor: 'u-admin' }))) as InputError;
    expect(semantic.problems.map((p) => p.path).sort()).to.deep.equal(['/secret', '/url']);
  });

  it('refuses to start with a manifest subscription pointing at a private address or without a secret', async () => {
    const lw = await createLendwire({
      manifest: deliveryManifest({ subscriptions: [subscription('internal', 'https://192.168.0.10/hooks'), { id: 'unsigned', url: 'https://partner.example.com/hooks', events: ['*'] }], security: { ssrfAllowlist: [] } }),
      knex: h.db.knex,
      redis: h.redis.redis,
      auth: () => null,
      logger: pino({ level: 'silent' }),
      queuePrefix: `${h.redis.prefix}x`,
    });
    registerWebhook(lw);
    const err = await rejection(lw.start());
    await lw.stop();
    expect(err).to.be.instanceOf(ConfigurationError);
    expect(err.message).to.match(/\/subscriptions\/0\/url/).and.to.match(/private/);
    expect(err.message).to.match(/\/subscriptions\/1\/secret: is required/);
  });
});
