import { expect } from 'chai';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import type { SFTPWrapper } from 'ssh2';
import { registerBuiltInAdapters } from '../../adapters/index.js';
import { addSftpPartner, demoSftpPartnerOptions, DEMO_SFTP_SUBSCRIPTION } from '../../host-example/addSftpPartner.js';
import { startSftpPartner, type SftpPartner } from '../../host-example/simulators/sftpPartner.js';
import { createHarness, type Harness } from '../support/harness.js';
import { deliveryManifest } from '../delivery/support/deliveryTestKit.js';
import { waitFor } from '../support/waitFor.js';

/**
 * The demo's SFTP partner subscription: created on the first run, and on a later
 * run (a new simulator, so a new throwaway host key) updated to pin the new key,
 * so events keep arriving instead of failing with E_HOST_KEY.
 */
describe('host example: the demo SFTP partner subscription', function () {
  this.timeout(30_000);
  let harness: Harness;
  const partners: SftpPartner[] = [];
  const roots: string[] = [];

  async function partner(): Promise<SftpPartner> {
    const root = mkdtempSync(join(tmpdir(), 'lendwire-demo-sftp-'));
    roots.push(root);
    const p = await startSftpPartner({ ...demoSftpPartnerOptions(), port: 0, root });
    partners.push(p);
    return p;
  }

  before(async () => {
    harness = await createHarness({ manifest: deliveryManifest(), register: registerBuiltInAdapters });
  });
  after(async () => {
    for (const p of partners) await p.close();
    await harness?.close();
    for (const root of roots) rmSync(root, { recursive: true, force: true });
  });

  it('pins the current simulator host key on every run and delivers an event as a JSON file', async () => {
    const first = await partner();
    await addSftpPartner(harness.lendwire, first);
    const created = await harness.lendwire.subscriptions.get(DEMO_SFTP_SUBSCRIPTION);
    expect(created).to.include({ transport: 'sftp', url: first.url });

    const second = await partner();
    expect(second.hostKeySha256).not.to.equal(first.hostKeySha256);
    await addSftpPartner(harness.lendwire, second);
    const updated = await harness.lendwire.subscriptions.get(DEMO_SFTP_SUBSCRIPTION);
    expect(updated).to.include({ url: second.url });
    expect((updated as unknown as { transportSettings: { hostKeySha256: string } }).transportSettings.hostKeySha256).to.equal(second.hostKeySha256);

    const { eventId } = await harness.lendwire.subscriptions.sendTestEvent(DEMO_SFTP_SUBSCRIPTION, { actor: 'test' });
    const remote = await waitFor(() => second.received.find((p) => p.endsWith(`/webhook.test-${eventId}.json`)), 15_000, 'the test event on the second partner');
    expect(remote).to.match(/^\/inbox\/\d{4}-\d{2}-\d{2}\/webhook\.test-msg_\w+\.json$/);
    const event = JSON.parse(readFileSync(join(second.root, remote), 'utf8')) as { type: string };
    expect(event.type).to.equal('webhook.test');
    expect(existsSync(join(first.root, 'inbox'))).to.equal(false);
  });

  it('lets a person log in with the demo password and list what arrived; refuses another password', async () => {
    const p = partners.at(-1)!;
    const connect = (password: string) =>
      new Promise<{ client: InstanceType<typeof ssh2.Client>; sftp: SFTPWrapper }>((resolve, reject) => {
        const client = new ssh2.Client();
        client
          .once('ready', () => client.sftp((err, sftp) => (err ? reject(err) : resolve({ client, sftp }))))
          .once('error', reject)
          .connect({ host: '127.0.0.1', port: p.port, username: p.username, password, hostVerifier: () => true });
      });
    const refused = await connect('not-the-password').then(
      ({ client }) => (client.end(), null),
      (err: Error & { level?: string }) => err.level,
    );
    expect(refused).to.equal('client-authentication');
    const { client, sftp } = await connect(demoSftpPartnerOptions().password);
    try {
      const days = await new Promise<string[]>((resolve, reject) => sftp.readdir('/inbox', (err, list) => (err ? reject(err) : resolve(list.map((e) => e.filename)))));
      expect(days).to.have.lengthOf(1);
      const files = await new Promise<string[]>((resolve, reject) => sftp.readdir(`/inbox/${days[0]}`, (err, list) => (err ? reject(err) : resolve(list.map((e) => e.filename)))));
      expect(files).to.deep.equal(p.received.map((r) => r.split('/').pop()));
    } finally {
      client.end();
    }
  });
});
