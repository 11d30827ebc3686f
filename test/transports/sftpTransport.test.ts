import { expect } from 'chai';
import { existsSync, readdirSync, readFileSync, writeFileSync, chownSync, statSync, mkdirSync } from 'node:fs';
import { createServer, connect, type Server, type Socket, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { sftpTransport } from '../../adapters/transports/sftp/index.js';
import type { OutboundMessage, TransportTarget } from '../../plugin/index.js';
import { startSshServer, type SshServer } from '../support/sshServer.js';
import { sftpContext, sftpSettings, sshSecrets } from './sftpContext.js';

function message(id: string, data: Record<string, unknown> = { applicationId: 'app_1' }): OutboundMessage {
  const envelope = { type: 'application.status_changed', timestamp: '2026-12-04T01:02:03.000Z', data };
  return { id, type: envelope.type, sentAt: new Date(), body: JSON.stringify(envelope), envelope };
}

function target(server: SshServer, port = server.port, settings = sftpSettings(server)): TransportTarget {
  return { id: 'partner', url: `sftp://127.0.0.1:${port}`, timeoutMs: 10_000, signature: 'standard-webhooks', secrets: [], settings };
}

/** Files under the partner's inbox, relative paths, hidden ones included. */
function inbox(server: SshServer): string[] {
  const out: string[] = [];
  const walk = (dir: string, rel: string) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full, `${rel}${name}/`);
      else out.push(`${rel}${name}`);
    }
  };
  walk(join(server.root, 'inbox'), '');
  return out.sort();
}

/** A TCP proxy in front of sshd that drops the connection once `cutAfter` bytes went from client to server (first connection only). */
async function cuttingProxy(targetPort: number, cutAfter: number): Promise<{ port: number; cuts: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const state = { port: 0, cuts: 0, close: async () => {} };
  let connections = 0;
  const server: Server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    const cutting = connections++ === 0;
    let sent = 0;
    client.on('data', (chunk: Buffer) => {
      sent += chunk.length;
      if (cutting && sent > cutAfter) {
        state.cuts += 1;
        client.destroy();
        upstream.destroy();
        return;
      }
      upstream.write(chunk);
    });
    upstream.pipe(client);
    for (const s of [client, upstream]) s.on('error', () => {}).on('close', () => (client.destroy(), upstream.destroy()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.port = (server.address() as AddressInfo).port;
  state.close = () => {
    for (const s of sockets) s.destroy();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return state;
}

describe('sftp transport against a real OpenSSH server', function () {
  this.timeout(30_000);
  let server: SshServer;

  before(async () => {
    server = await startSshServer();
  });
  after(async () => {
    await server?.close();
  });

  it('uploads each event complete under the path template, with key auth', async () => {
    const result = await sftpTransport.send(message('msg_01'), target(server), sftpContext(sshSecrets(server)));
    expect(result, server.log()).to.include({ result: 'delivered' });
    expect(inbox(server)).to.include('2026-12-04/application.status_changed-msg_01.json');
    const bytes = readFileSync(join(server.root, 'inbox/2026-12-04/application.status_changed-msg_01.json'), 'utf8');
    expect(bytes).to.equal(message('msg_01').body);
    expect(inbox(server).filter((f) => f.endsWith('.part'))).to.deep.equal([]);
  });

  it('authenticates with a password from a secret reference', async () => {
    const settings = sftpSettings(server, { privateKey: undefined, password: { env: 'SFTP_PASSWORD' }, pathTemplate: '/inbox/pw/{eventId}.json' });
    delete settings.privateKey;
    const result = await sftpTransport.send(message('msg_pw'), target(server, server.port, settings), sftpContext(sshSecrets(server)));
    expect(result).to.include({ result: 'delivered' });
    expect(existsSync(join(server.root, 'inbox/pw/msg_pw.json'))).to.equal(true);
  });

  it('refuses a server whose host key is not pinned: permanent E_HOST_KEY, nothing uploaded', async () => {
    const before = inbox(server);
    const logins = (server.log().match(/Accepted /g) ?? []).length;
    const wrongPin = 'SHA256:' + 'A'.repeat(43);
    const result = await sftpTransport.send(message('msg_hostkey'), target(server, server.port, sftpSettings(server, { hostKeySha256: wrongPin })), sftpContext(sshSecrets(server)));
    expect(result).to.include({ result: 'permanent', code: 'E_HOST_KEY' });
    expect((result as { message: string }).message).to.include(server.hostKeySha256);
    expect(inbox(server)).to.deep.equal(before);
    // Refused before authenticating: sshd logged no new login.
    expect((server.log().match(/Accepted /g) ?? []).length).to.equal(logins);
  });

  it('classifies refused credentials as permanent E_AUTH', async () => {
    const settings = sftpSettings(server, { password: { env: 'WRONG' } });
    delete settings.privateKey;
    const result = await sftpTransport.send(message('msg_auth'), target(server, server.port, settings), sftpContext({ WRONG: 'not-the-password' }));
    expect(result).to.include({ result: 'permanent', code: 'E_AUTH' });
    expect(JSON.stringify(result)).not.to.include('not-the-password');
  });

  it('classifies a closed port as retryable E_CONNECT and a refused address as permanent E_SSRF', async () => {
    const closed = await new Promise<number>((resolve) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => {
        const { port } = s.address() as AddressInfo;
        s.close(() => resolve(port));
      });
    });
    expect(await sftpTransport.send(message('msg_c'), target(server, closed), sftpContext(sshSecrets(server)))).to.include({ result: 'retryable', code: 'E_CONNECT' });
    const before = inbox(server);
    expect(await sftpTransport.send(message('msg_s'), target(server), sftpContext(sshSecrets(server), { guarded: true }))).to.include({ result: 'permanent', code: 'E_SSRF' });
    expect(inbox(server)).to.deep.equal(before);
  });

  it('re-uploading the same event is idempotent; a different file under the name is never overwritten', async () => {
    const ctx = sftpContext(sshSecrets(server));
    expect(await sftpTransport.send(message('msg_twice'), target(server), ctx)).to.include({ result: 'delivered' });
    const again = await sftpTransport.send(message('msg_twice'), target(server), ctx);
    expect(again).to.include({ result: 'delivered' });
    expect((again as { responseExcerpt: string }).responseExcerpt).to.match(/already complete/);
    const clash = await sftpTransport.send(message('msg_twice', { other: true }), target(server), ctx);
    expect(clash).to.include({ result: 'permanent', code: 'E_EXISTS' });
    expect(readFileSync(join(server.root, 'inbox/2026-12-04/application.status_changed-msg_twice.json'), 'utf8')).to.equal(message('msg_twice').body);
  });

  it('a connection dropped mid-upload leaves no file under the final name, and the retry completes it', async () => {
    const big = message('msg_big', { blob: 'x'.repeat(2_000_000) });
    const proxy = await cuttingProxy(server.port, 300_000);
    try {
      const ctx = sftpContext(sshSecrets(server));
      const first = await sftpTransport.send(big, target(server, proxy.port), ctx);
      expect(first, JSON.stringify(first)).to.include({ result: 'retryable', code: 'E_RESET' });
      expect(proxy.cuts).to.equal(1);
      const final = 'inbox/2026-12-04/application.status_changed-msg_big.json';
      expect(existsSync(join(server.root, final))).to.equal(false);
      expect(inbox(server)).to.include('2026-12-04/.application.status_changed-msg_big.json.part');
      const retry = await sftpTransport.send(big, target(server, proxy.port), ctx);
      expect(retry).to.include({ result: 'delivered' });
      expect(readFileSync(join(server.root, final), 'utf8')).to.equal(big.body);
      expect(inbox(server).filter((f) => f.endsWith('.part'))).to.deep.equal([]);
    } finally {
      await proxy.close();
    }
  });

  it('an SFTP refusal (no permission) is retryable E_SFTP', async () => {
    mkdirSync(join(server.root, 'inbox/locked'));
    chownSync(join(server.root, 'inbox/locked'), 0, 0);
    writeFileSync(join(server.root, 'inbox/locked/.keep'), '');
    const result = await sftpTransport.send(message('msg_locked'), target(server, server.port, sftpSettings(server, { pathTemplate: '/inbox/locked/{eventId}.json' })), sftpContext(sshSecrets(server)));
    expect(result).to.include({ result: 'retryable', code: 'E_SFTP' });
  });
});
