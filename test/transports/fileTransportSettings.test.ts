import { expect } from 'chai';
import { pino } from 'pino';
import { createHarness, type Harness } from '../support/harness.js';
import { deliveryManifest, rejection } from '../delivery/support/deliveryTestKit.js';
import { ConfigurationError, InputError, createLendwire, type Lendwire } from '../../plugin/index.js';
import { webhookTransport } from '../../adapters/transports/webhook/index.js';
import { sftpTransport } from '../../adapters/transports/sftp/index.js';
import { createBatchFileTransport } from '../../adapters/transports/batch-file/index.js';

const PIN = `SHA256:${'A'.repeat(43)}`;

function register(lw: Lendwire): void {
  lw.registerTransport(webhookTransport);
  lw.registerTransport(sftpTransport);
  lw.registerTransport(createBatchFileTransport({ directoryRoots: ['/var/spool/lendwire'] }));
}

describe('sftp and batch-file subscription settings are checked, with a path per problem', () => {
  let h: Harness;

  before(async () => {
    h = await createHarness({ manifest: deliveryManifest(), register });
  });
  after(async () => {
    await h?.close();
  });

  it('refuses to start with manifest sftp / batch-file subscriptions it cannot use (ConfigurationError by path)', async () => {
    const lw = await createLendwire({
      manifest: deliveryManifest({
        subscriptions: [
          { id: 'no-pin', url: 'sftp://files.partner.example:2222', events: ['*'], transport: 'sftp', transportSettings: { username: 'dealer', password: { env: 'HOME' } } },
          { id: 'bad-url', url: 'sftp://user@10.0.0.5/inbox', events: ['*'], transport: 'sftp', transportSettings: { username: 'dealer', privateKey: { env: 'HOME' }, hostKeySha256: PIN, pathTemplate: '/inbox/{date}.json' } },
          { id: 'bad-batch', url: 'file:///etc', events: ['*'], transport: 'batch-file', transportSettings: { format: 'csv', maxAge: 'soon', pathTemplate: '/{date}/{nope}' } },
        ],
        security: { ssrfAllowlist: [] },
      }),
      knex: h.db.knex,
      redis: h.redis.redis,
      auth: () => null,
      logger: pino({ level: 'silent' }),
      queuePrefix: `${h.redis.prefix}cfg`,
    });
    register(lw);
    const err = await rejection(lw.start());
    await lw.stop();
    expect(err).to.be.instanceOf(ConfigurationError);
    const text = err.message;
    expect(text).to.match(/\/subscriptions\/0\/transportSettings\/hostKeySha256: is required/);
    expect(text).not.to.match(/\/subscriptions\/0\/secret/); // a file is not signed: no webhook secret needed
    expect(text).to.match(/\/subscriptions\/1\/url: must not carry credentials/);
    expect(text).to.match(/\/subscriptions\/1\/transportSettings\/pathTemplate: must contain \{eventId\}/);
    expect(text).to.match(/\/subscriptions\/2\/url: must be inside \/var\/spool\/lendwire/);
    expect(text).to.match(/\/subscriptions\/2\/transportSettings\/columns: is required for csv/);
    expect(text).to.match(/\/subscriptions\/2\/transportSettings\/maxAge: must be a duration/);
    expect(text).to.match(/\/subscriptions\/2\/transportSettings\/pathTemplate: has unknown placeholders \{nope\}/);
  });

  it('answers API subscriptions with bad transport settings with an InputError listing each path', async () => {
    const err = (await rejection(
      h.lendwire.subscriptions.create(
        { url: 'sftp://10.1.2.3', events: ['application.*'], transport: 'sftp', transportSettings: { username: '', privateKey: 'plain-text-key', hostKeySha256: 'md5:xx', extra: 1 } },
        { actor: 'u-admin' },
      ),
    )) as InputError;
    expect(err).to.be.instanceOf(InputError);
    expect(err.problems.map((p) => p.path).sort()).to.deep.equal([
      '/transportSettings/extra',
      '/transportSettings/hostKeySha256',
      '/transportSettings/privateKey',
      '/transportSettings/username',
      '/url',
    ]);
    expect(JSON.stringify(err.problems)).not.to.include('plain-text-key');
  });

  it('accepts a well-formed sftp subscription through the API and shows its settings (references only)', async () => {
    const { subscription } = await h.lendwire.subscriptions.create(
      { id: 'sftp-api', url: 'sftp://127.0.0.1:2222', events: ['application.*'], transport: 'sftp', transportSettings: { username: 'dealer', privateKey: { env: 'PARTNER_KEY' }, hostKeySha256: PIN } },
      { actor: 'u-admin' },
    );
    expect(subscription).to.include({ transport: 'sftp' });
    expect(subscription.transportSettings).to.deep.equal({ username: 'dealer', privateKey: { env: 'PARTNER_KEY' }, hostKeySha256: PIN });
  });

  it('checks a change as the destination it leads to: a new url of an sftp subscription is sftp://, new settings go through the transport', async () => {
    const actor = { actor: 'u-admin' };
    await h.lendwire.subscriptions.create(
      { id: 'sftp-moving', url: 'sftp://127.0.0.1:2222', events: ['application.*'], transport: 'sftp', transportSettings: { username: 'dealer', password: { env: 'PARTNER_PASSWORD' }, hostKeySha256: PIN } },
      actor,
    );
    // The url alone, without naming the transport again (this was checked as a webhook URL and refused).
    expect((await h.lendwire.subscriptions.update('sftp-moving', { url: 'sftp://127.0.0.1:2223' }, actor)).url).to.equal('sftp://127.0.0.1:2223');
    const wrongScheme = (await rejection(h.lendwire.subscriptions.update('sftp-moving', { url: 'https://partner.example/hooks' }, actor))) as InputError;
    expect(wrongScheme.problems.map((p) => p.path)).to.deep.equal(['/url']);
    // Settings alone are checked by the sftp transport (this skipped its check and stored them).
    const badSettings = (await rejection(h.lendwire.subscriptions.update('sftp-moving', { transportSettings: { username: 'dealer', hostKeySha256: 'md5:xx' } }, actor))) as InputError;
    expect(badSettings).to.be.instanceOf(InputError);
    expect(badSettings.problems.map((p) => p.path)).to.include('/transportSettings/hostKeySha256');
    const stored = await h.lendwire.subscriptions.get('sftp-moving');
    expect(stored).to.include({ url: 'sftp://127.0.0.1:2223', transport: 'sftp' });
    expect(stored.transportSettings).to.include({ hostKeySha256: PIN });
  });
});
