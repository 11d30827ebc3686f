import { expect } from 'chai';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import ssh2 from 'ssh2';
import type { SFTPWrapper } from 'ssh2';
import { sftpTransport } from '../../adapters/transports/sftp/index.js';
import type { OutboundMessage, TransportTarget } from '../../plugin/index.js';
import { startSftpPartner, type SftpPartner } from '../../host-example/simulators/sftpPartner.js';
import { sftpContext } from './sftpContext.js';

const PASSWORD = 'plain-rename-pw';

function message(id: string, data: Record<string, unknown> = { applicationId: 'app_1' }): OutboundMessage {
  const envelope = { type: 'application.status_changed', timestamp: '2026-12-04T01:02:03.000Z', data };
  return { id, type: envelope.type, sentAt: new Date(), body: JSON.stringify(envelope), envelope };
}

function target(partner: SftpPartner): TransportTarget {
  return {
    id: 'partner',
    url: partner.url,
    timeoutMs: 10_000,
    signature: 'standard-webhooks',
    secrets: [],
    settings: { username: partner.username, password: { env: 'SFTP_PASSWORD' }, hostKeySha256: partner.hostKeySha256, pathTemplate: '/inbox/{date}/{eventType}-{eventId}.json' },
  };
}

const ctx = () => sftpContext({ SFTP_PASSWORD: PASSWORD });
const finalPath = (root: string, id: string) => join(root, 'inbox/2026-12-04', `application.status_changed-${id}.json`);

/** Every file below the partner's inbox (hidden ones included), relative. */
function inbox(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, rel: string) => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full, `${rel}${name}/`);
      else out.push(`${rel}${name}`);
    }
  };
  walk(join(root, 'inbox'), '');
  return out.sort();
}

/** Opens an SFTP session on the partner as its user (to look at what the server offers). */
async function openSftp(partner: SftpPartner): Promise<{ sftp: SFTPWrapper; end(): void }> {
  const client = new ssh2.Client();
  await new Promise<void>((resolve, reject) => {
    client.once('ready', resolve).once('error', reject);
    client.connect({ host: '127.0.0.1', port: partner.port, username: partner.username, password: PASSWORD, hostVerifier: () => true });
  });
  const sftp = await new Promise<SFTPWrapper>((resolve, reject) => client.sftp((err, s) => (err ? reject(err) : resolve(s))));
  return { sftp, end: () => client.end() };
}

describe('sftp transport against a server without posix-rename@openssh.com (the demo partner, ssh2)', function () {
  this.timeout(20_000);
  let root: string;
  let partner: SftpPartner;
  /** Run once by the partner just before its next RENAME (then cleared). */
  let onNextRename: ((from: string, to: string) => void) | undefined;
  const renames: { from: string; to: string }[] = [];

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'lendwire-sftp-plain-'));
    partner = await startSftpPartner({
      port: 0,
      root,
      username: 'dealer-demo',
      password: PASSWORD,
      beforeRename: (from, to) => {
        renames.push({ from, to });
        const hook = onNextRename;
        onNextRename = undefined;
        hook?.(from, to);
      },
    });
  });
  after(async () => {
    await partner?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('announces no posix-rename extension, and plain RENAME refuses an existing target', async () => {
    const { sftp, end } = await openSftp(partner);
    try {
      expect(() => sftp.ext_openssh_rename('/a', '/b', () => undefined)).to.throw(/does not support/);
      writeFileSync(join(root, 'x'), 'x');
      writeFileSync(join(root, 'y'), 'y');
      const err = await new Promise<Error | null | undefined>((resolve) => sftp.rename('/x', '/y', (e) => resolve(e)));
      expect(err, 'plain rename over an existing file').to.be.instanceOf(Error);
      expect(readFileSync(join(root, 'y'), 'utf8')).to.equal('y');
    } finally {
      end();
      rmSync(join(root, 'x'), { force: true });
      rmSync(join(root, 'y'), { force: true });
    }
  });

  it('uploads an event complete under its final name through a plain RENAME of the temporary file', async () => {
    const result = await sftpTransport.send(message('msg_plain'), target(partner), ctx());
    expect(result, JSON.stringify(result)).to.include({ result: 'delivered' });
    expect(readFileSync(finalPath(root, 'msg_plain'), 'utf8')).to.equal(message('msg_plain').body);
    expect(renames.at(-1)).to.deep.equal({ from: '/inbox/2026-12-04/.application.status_changed-msg_plain.json.part', to: '/inbox/2026-12-04/application.status_changed-msg_plain.json' });
    expect(partner.received).to.include('/inbox/2026-12-04/application.status_changed-msg_plain.json');
    expect(inbox(root).filter((f) => f.endsWith('.part'))).to.deep.equal([]);
  });

  it('a retried upload of the same event (same name, same bytes) is delivered without touching the file', async () => {
    const first = await sftpTransport.send(message('msg_retry'), target(partner), ctx());
    expect(first).to.include({ result: 'delivered' });
    const before = statSync(finalPath(root, 'msg_retry'));
    const renamesBefore = renames.length;
    const again = await sftpTransport.send(message('msg_retry'), target(partner), ctx());
    expect(again, JSON.stringify(again)).to.include({ result: 'delivered' });
    expect((again as { responseExcerpt: string }).responseExcerpt).to.match(/already complete/);
    expect(renames.length, 'no second rename').to.equal(renamesBefore);
    expect(readFileSync(finalPath(root, 'msg_retry'), 'utf8')).to.equal(message('msg_retry').body);
    expect(statSync(finalPath(root, 'msg_retry')).ino).to.equal(before.ino);
  });

  it('a retry after a dropped attempt overwrites the leftover partial temporary file and completes', async () => {
    const part = join(root, 'inbox/2026-12-04/.application.status_changed-msg_partial.json.part');
    mkdirSync(dirname(part), { recursive: true });
    writeFileSync(part, '{"type":"application.sta'); // what a connection lost mid-write leaves
    const result = await sftpTransport.send(message('msg_partial'), target(partner), ctx());
    expect(result).to.include({ result: 'delivered' });
    expect(JSON.parse(readFileSync(finalPath(root, 'msg_partial'), 'utf8'))).to.deep.equal(message('msg_partial').envelope);
    expect(existsSync(part)).to.equal(false);
  });

  it('when the same upload lands under the final name during the attempt, the refused RENAME is success and the file is left whole', async () => {
    const msg = message('msg_race');
    onNextRename = (_from, to) => writeFileSync(join(root, to), msg.body); // another attempt of the same delivery finished first
    const result = await sftpTransport.send(msg, target(partner), ctx());
    expect(result, JSON.stringify(result)).to.include({ result: 'delivered' });
    expect(readFileSync(finalPath(root, 'msg_race'), 'utf8')).to.equal(msg.body);
    expect(partner.received).not.to.include('/inbox/2026-12-04/application.status_changed-msg_race.json');
    expect(inbox(root).filter((f) => f.endsWith('.part')), 'temporary file removed').to.deep.equal([]);
  });

  it('when a different file lands under the final name during the attempt, it is E_EXISTS and that file is kept', async () => {
    const msg = message('msg_clash');
    const theirs = '{"someone":"else"}';
    onNextRename = (_from, to) => writeFileSync(join(root, to), theirs);
    const result = await sftpTransport.send(msg, target(partner), ctx());
    expect(result).to.include({ result: 'permanent', code: 'E_EXISTS' });
    expect(readFileSync(finalPath(root, 'msg_clash'), 'utf8')).to.equal(theirs);
  });
});
