import { promisify } from 'node:util';
import type { SFTPWrapper, Client as SshClient, ConnectConfig } from 'ssh2';
import type { TransportContext } from '../../../plugin/index.js';
import type { SftpSettings } from './sftpSettings.js';
import { hostKeySha256 } from './hostKeySha256.js';
import { SftpFailure } from './SftpFailure.js';

/** An open SFTP channel and a way to close its connection. */
export interface SftpSession {
  sftp: SFTPWrapper;
  /** Rejects when the connection drops before `close()` (ssh2 leaves SFTP calls under way pending then): race it with the work. */
  lost: Promise<never>;
  close(): void;
}

/**
 * Connects to the partner's server: the host is resolved through the core's
 * guarded lookup (a refused address is never connected to), the host key must
 * match one of the pinned fingerprints (else `E_HOST_KEY`, before any credential
 * is sent), then key or password auth from secret references (`E_AUTH` when refused).
 */
export async function openSftpSession(endpoint: { host: string; port: number }, settings: SftpSettings, ctx: TransportContext, readyTimeoutMs: number): Promise<SftpSession> {
  const address = (await promisify(ctx.lookup)(endpoint.host, {})) as unknown as string | { address: string };
  const host = typeof address === 'string' ? address : address.address;
  // Loaded on the first SFTP delivery: a host without SFTP partners never loads an SSH stack (about 3 MB of RSS).
  const { default: ssh2 } = await import('ssh2');
  const client: SshClient = new ssh2.Client();
  let offeredKey: string | undefined;
  const config: ConnectConfig = {
    host,
    port: endpoint.port,
    username: settings.username,
    readyTimeout: readyTimeoutMs,
    keepaliveInterval: 0,
    hostVerifier: (key: Buffer) => {
      offeredKey = hostKeySha256(key);
      return settings.hostKeySha256.includes(offeredKey);
    },
  };
  if (settings.privateKey) config.privateKey = ctx.secret(settings.privateKey);
  if (settings.passphrase) config.passphrase = ctx.secret(settings.passphrase);
  if (settings.password) config.password = ctx.secret(settings.password);

  await new Promise<void>((resolve, reject) => {
    client.once('ready', () => resolve());
    client.once('error', (err: Error & { level?: string }) => {
      if (offeredKey && !settings.hostKeySha256.includes(offeredKey)) {
        reject(new SftpFailure('E_HOST_KEY', `host key ${offeredKey} of ${endpoint.host}:${endpoint.port} is not pinned in transportSettings.hostKeySha256; refused before authenticating`, true));
      } else if (err.level === 'client-authentication') {
        reject(new SftpFailure('E_AUTH', `the server refused user "${settings.username}" (${config.privateKey ? 'private key' : 'password'} authentication)`, true));
      } else if (err.level === 'client-timeout') {
        reject(Object.assign(new Error(`no SSH handshake within ${readyTimeoutMs} ms`), { name: 'TimeoutError' }));
      } else reject(err);
    });
    client.connect(config);
  });
  let closing = false;
  let lastError: Error | undefined;
  client.on('error', (err: Error) => {
    lastError = err;
  });
  const lost = new Promise<never>((_, reject) => {
    client.once('close', () => {
      if (!closing) reject(new Error(`Connection lost to ${endpoint.host}:${endpoint.port}${lastError ? ` (${lastError.message})` : ''}`));
    });
  });
  lost.catch(() => {}); // observed by the caller's race; never unhandled
  const sftp = await Promise.race([new Promise<SFTPWrapper>((resolve, reject) => client.sftp((err, s) => (err ? reject(err) : resolve(s)))), lost]);
  return {
    sftp,
    lost,
    close: () => {
      closing = true;
      client.end();
    },
  };
}
