import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unusedPort } from './unusedPort.js';

/** The throwaway account `test/support/ensure-sshd.sh` creates for the partner. */
export const SFTP_USER = 'lendwire-sftp';
/** Root-owned, so sshd accepts chroots below it (it refuses any path with a world-writable parent, like /tmp). */
const CHROOT_BASE = '/var/lib/lendwire-sftp-test';

/** A real OpenSSH server on 127.0.0.1 whose SFTP user is chrooted into `root` (the partner's side). */
export interface SshServer {
  port: number;
  /** The chroot on disk: the partner's `/` (its `inbox/` is writable by the SFTP user). */
  root: string;
  /** `SHA256:<base64>` of the host key, as `transportSettings.hostKeySha256` takes it. */
  hostKeySha256: string;
  /** The user's private key (OpenSSH format) and the password the account has. */
  privateKey: string;
  password: string;
  username: string;
  /** Everything sshd wrote to stderr (-e), for failing tests. */
  log(): string;
  close(): Promise<void>;
}

async function waitForBanner(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`sshd exited with ${child.exitCode}:\n${log()}`);
    const banner = await new Promise<string>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('data', (d) => {
        socket.destroy();
        resolve(String(d));
      });
      socket.once('error', () => resolve(''));
      // Whatever else holds the port may accept and close without a banner.
      socket.once('close', () => resolve(''));
    });
    if (banner.startsWith('SSH-')) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`sshd did not answer on port ${port}:\n${log()}`);
}

function requireSshd(): void {
  const missing = !existsSync('/usr/sbin/sshd')
    ? '/usr/sbin/sshd is missing'
    : process.getuid?.() !== 0
      ? 'the SFTP tests start sshd with a chroot, which needs root'
      : (() => {
          try {
            execFileSync('id', [SFTP_USER], { stdio: 'ignore' });
            return null;
          } catch {
            return `user ${SFTP_USER} is missing`;
          }
        })();
  if (missing) throw new Error(`${missing}: run bash test/support/ensure-sshd.sh (as root)`);
}

function keygen(file: string): void {
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'lendwire-test', '-f', file], { stdio: 'ignore' });
}

/**
 * Starts Debian's sshd (`/usr/sbin/sshd -D -e -f <config>`) on a spare port of
 * 127.0.0.1 with a throwaway host key and user key, the user chrooted into a
 * fresh directory with a writable `inbox/`. Password and key auth both work.
 */
export async function startSshServer(): Promise<SshServer> {
  requireSshd();
  const keys = mkdtempSync(join(tmpdir(), 'lendwire-sshd-'));
  chmodSync(keys, 0o755);
  mkdirSync(CHROOT_BASE, { recursive: true, mode: 0o755 });
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const root = mkdtempSync(join(CHROOT_BASE, 'run-'));
  chmodSync(root, 0o755);
  const uid = Number(execFileSync('id', ['-u', SFTP_USER]).toString().trim());
  const gid = Number(execFileSync('id', ['-g', SFTP_USER]).toString().trim());
  mkdirSync(join(root, 'inbox'));
  chownSync(join(root, 'inbox'), uid, gid);

  keygen(join(keys, 'host'));
  keygen(join(keys, 'user'));
  writeFileSync(join(keys, 'authorized_keys'), readFileSync(join(keys, 'user.pub')), { mode: 0o644 });
  const password = `pw-${Math.random().toString(36).slice(2)}`;
  execFileSync('chpasswd', { input: `${SFTP_USER}:${password}\n` });
  const fingerprint = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', join(keys, 'host.pub')]).toString().split(' ')[1];

  const port = await unusedPort();
  const config = join(keys, 'sshd_config');
  writeFileSync(
    config,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${join(keys, 'host')}`,
      'PidFile none',
      'UsePAM no',
      'StrictModes no',
      'PermitRootLogin no',
      'PubkeyAuthentication yes',
      'PasswordAuthentication yes',
      'KbdInteractiveAuthentication no',
      `AuthorizedKeysFile ${join(keys, 'authorized_keys')}`,
      `AllowUsers ${SFTP_USER}`,
      'LogLevel VERBOSE',
      // sshd's default (10:30:100) drops new connections at random once 10 are still
      // handshaking; the delivery tests open a dozen at once, and a delivery whose four
      // quick attempts all fall in that burst was dead-lettered now and then.
      'MaxStartups 100:30:200',
      'Subsystem sftp internal-sftp',
      `Match User ${SFTP_USER}`,
      `  ChrootDirectory ${root}`,
      '  ForceCommand internal-sftp',
      '  AllowTcpForwarding no',
      '',
    ].join('\n'),
  );
  const child = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => {
    stderr = (stderr + String(d)).slice(-20_000);
  });
  const log = () => stderr;
  try {
    await waitForBanner(port, child, log);
  } catch (err) {
    child.kill('SIGTERM');
    throw err;
  }
  return {
    port,
    root,
    hostKeySha256: fingerprint,
    privateKey: readFileSync(join(keys, 'user'), 'utf8'),
    password,
    username: SFTP_USER,
    log,
    async close() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(keys, { recursive: true, force: true });
      rmSync(root, { recursive: true, force: true });
    },
  };
}
