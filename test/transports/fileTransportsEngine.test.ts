import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHarness, type Harness } from '../support/harness.js';
import { startSshServer, type SshServer } from '../support/sshServer.js';
import { unusedPort } from '../support/unusedPort.js';
import { isoDateInDays } from '../../plugin/kernel/isoDate.js';
import { deliveriesOf, deliveryManifest, emit, waitFor, attemptsOf } from '../delivery/support/deliveryTestKit.js';
import { webhookTransport } from '../../adapters/transports/webhook/index.js';
import { sftpTransport } from '../../adapters/transports/sftp/index.js';
import { createBatchFileTransport } from '../../adapters/transports/batch-file/index.js';

const KEY_ENV = 'LW_SFTP_E2E_KEY';

/** Every file below `dir`, relative, hidden ones included. */
function filesUnder(dir: string, rel = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? filesUnder(join(dir, name), `${rel}${name}/`) : [`${rel}${name}`])).sort();
}

/** Checks each data file against its sidecar; answers the event ids in file order. */
function readBatches(dir: string, ext: 'csv' | 'jsonl'): { ids: string[]; files: string[] } {
  const files = filesUnder(dir).filter((f) => f.endsWith(`.${ext}`));
  const ids: string[] = [];
  for (const f of files) {
    const data = readFileSync(join(dir, f));
    const sidecar = JSON.parse(readFileSync(join(dir, `${f}.sha256.json`), 'utf8')) as { records: number; sha256: string; file: string };
    expect(sidecar.sha256, f).to.equal(createHash('sha256').update(data).digest('hex'));
    const lines = data.toString('utf8').split(/\r?\n/).filter(Boolean);
    const rows = ext === 'csv' ? lines.slice(1).map((l) => l.split(',')[0]) : lines.map((l) => (JSON.parse(l) as { id: string }).id);
    expect(rows, f).to.have.length(sidecar.records);
    ids.push(...rows);
  }
  return { ids, files };
}

describe('sftp and batch-file partners through the delivery engine (real sshd)', function () {
  this.timeout(60_000);
  let sshd: SshServer;
  let h: Harness;
  let outDir: string;
  const batchesDir = () => join(outDir, 'batches');

  before(async () => {
    sshd = await startSshServer();
    process.env[KEY_ENV] = sshd.privateKey;
    outDir = mkdtempSync(join(tmpdir(), 'lendwire-batches-'));
    const login = { username: sshd.username, privateKey: { env: KEY_ENV }, hostKeySha256: sshd.hostKeySha256 };
    const sftpUrl = `sftp://127.0.0.1:${sshd.port}`;
    h = await createHarness({
      manifest: deliveryManifest({
        subscriptions: [
          { id: 'sftp-partner', url: sftpUrl, events: ['application.*'], transport: 'sftp', transportSettings: { ...login, pathTemplate: '/inbox/events/{eventType}-{eventId}.json' } },
          {
            id: 'batch-sftp',
            url: sftpUrl,
            events: ['application.*'],
            transport: 'batch-file',
            transportSettings: {
              format: 'csv',
              columns: [
                { header: 'id', path: 'id' },
                { header: 'type', path: 'type' },
                { header: 'application', path: 'data.applicationId' },
              ],
              maxRecords: 5,
              maxAge: '2s',
              pathTemplate: '/inbox/batches/{batchId}',
              sftp: login,
            },
          },
          { id: 'batch-dir', url: `file://${batchesDir()}`, events: ['application.*'], transport: 'batch-file', transportSettings: { maxAge: '1s' }, retry: { schedule: ['100ms', '100ms'] } },
          { id: 'sftp-down', url: `sftp://127.0.0.1:${await unusedPort()}`, events: ['partner_test.down'], transport: 'sftp', transportSettings: login, retry: { schedule: ['50ms', '50ms'] } },
          { id: 'sftp-impostor', url: sftpUrl, events: ['partner_test.impostor'], transport: 'sftp', transportSettings: { ...login, hostKeySha256: `SHA256:${'B'.repeat(43)}`, pathTemplate: '/inbox/impostor/{eventId}.json' } },
        ],
      }),
      register: (lw) => {
        lw.registerTransport(webhookTransport);
        lw.registerTransport(sftpTransport);
        lw.registerTransport(createBatchFileTransport({ directoryRoots: [outDir] }));
      },
    });
  });
  after(async () => {
    await h?.close();
    await sshd?.close();
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  it('every event of a run arrives: one file per event over sftp, batches with the right count and hash over sftp and in a directory', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push(await emit(h.db.knex, 'application.status_changed', { applicationId: `app_${i}`, status: 'approved' }));
    for (const target of ['sftp-partner', 'batch-sftp', 'batch-dir']) {
      await waitFor(async () => {
        const rows = (await deliveriesOf(h.db.knex, target)).filter((d) => ids.includes(d.event_id));
        return rows.length === 12 && rows.every((d) => d.status === 'succeeded');
      }, 30_000, `${target} delivered`);
    }
    const events = filesUnder(join(sshd.root, 'inbox/events'));
    expect(events).to.deep.equal(ids.map((id) => `application.status_changed-${id}.json`).sort());
    const outbox = await h.db.knex.withSchema('lendwire').table('outbox').whereIn('event_id', ids).select('event_id', 'payload');
    expect(outbox).to.have.length(12);

    const overSftp = readBatches(join(sshd.root, 'inbox/batches'), 'csv');
    expect([...overSftp.ids].sort()).to.deep.equal([...ids].sort());
    // 12 events, at most 5 per batch: 5 + 5 + 2 (the last closed by its 2 s window).
    expect(overSftp.files).to.have.length(3);
    const inDir = readBatches(batchesDir(), 'jsonl');
    expect([...inDir.ids].sort()).to.deep.equal([...ids].sort());
    expect(filesUnder(join(sshd.root, 'inbox')).filter((f) => f.endsWith('.part'))).to.deep.equal([]);
  });

  it('dead-letters after the retry schedule when the server stays unreachable', async () => {
    const id = await emit(h.db.knex, 'partner_test.down');
    const d = await waitFor(async () => (await deliveriesOf(h.db.knex, 'sftp-down')).find((r) => r.event_id === id && r.status === 'dead_lettered'), 15_000, 'dead letter');
    expect(d.attempts).to.equal(3);
    expect((await attemptsOf(h.db.knex, d.id)).map((a) => a.error_code)).to.deep.equal(['E_CONNECT', 'E_CONNECT', 'E_CONNECT']);
  });

  it('refuses a server whose host key is not the pinned one: dead letter at once, E_HOST_KEY, no file', async () => {
    const id = await emit(h.db.knex, 'partner_test.impostor');
    const d = await waitFor(async () => (await deliveriesOf(h.db.knex, 'sftp-impostor')).find((r) => r.event_id === id && r.status === 'dead_lettered'), 15_000, 'dead letter');
    expect(d.attempts).to.equal(1);
    expect(d.last_error_code).to.equal('E_HOST_KEY');
    expect(filesUnder(join(sshd.root, 'inbox/impostor'))).to.deep.equal([]);
  });

  it('a failed batch is retried whole and dead-letters; a replay rebuilds the identical file', async () => {
    // A file where the day's directory should be: every write of the batch fails (E_FILE).
    // Tomorrow's too, in case the batch opens after midnight UTC.
    const days = [isoDateInDays(0), isoDateInDays(1)];
    const before = filesUnder(batchesDir()).filter((f) => f.endsWith('.jsonl'));
    for (const f of filesUnder(batchesDir())) rmSync(join(batchesDir(), f));
    for (const day of days) {
      rmSync(join(batchesDir(), day), { recursive: true, force: true });
      writeFileSync(join(batchesDir(), day), 'in the way');
    }
    const ids = [await emit(h.db.knex), await emit(h.db.knex)];
    const dead = await waitFor(async () => {
      const rows = (await deliveriesOf(h.db.knex, 'batch-dir')).filter((d) => ids.includes(d.event_id));
      return rows.length === 2 && rows.every((d) => d.status === 'dead_lettered') ? rows : undefined;
    }, 20_000, 'batch dead-lettered');
    expect(dead.map((d) => d.last_error_code)).to.deep.equal(['E_FILE', 'E_FILE']);
    for (const day of days) rmSync(join(batchesDir(), day));
    // Replay one: the whole batch is rebuilt from PostgreSQL.
    await h.lendwire.deliveries.replay(dead[0].id, { actor: 'test' });
    await waitFor(async () => (await deliveriesOf(h.db.knex, 'batch-dir')).find((d) => d.id === dead[0].id && d.status === 'succeeded'), 15_000, 'replayed');
    const rebuilt = filesUnder(batchesDir()).filter((f) => f.endsWith('.jsonl'));
    expect(rebuilt).to.have.length(1);
    const bytes = readFileSync(join(batchesDir(), rebuilt[0]));
    expect([...readBatches(batchesDir(), 'jsonl').ids].sort()).to.deep.equal([...ids].sort());
    // Replaying it again after the partner lost the file rebuilds the very same bytes.
    rmSync(join(batchesDir(), rebuilt[0]));
    await h.lendwire.deliveries.replay(dead[0].id, { actor: 'test' });
    await waitFor(() => existsSync(join(batchesDir(), rebuilt[0])) || undefined, 15_000, 'rebuilt file');
    expect(readFileSync(join(batchesDir(), rebuilt[0])).equals(bytes)).to.equal(true);
    expect(before.length).to.be.greaterThan(0);
  });
});
