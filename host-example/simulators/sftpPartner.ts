import { createHash, timingSafeEqual } from 'node:crypto';
import { closeSync, existsSync, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, readSync, renameSync, statSync, unlinkSync, writeSync, type Stats } from 'node:fs';
import { join, posix } from 'node:path';
import ssh2 from 'ssh2';
import type { Attributes, Connection, FileEntry, SFTPWrapper } from 'ssh2';

const { STATUS_CODE, flagsToString } = ssh2.utils.sftp;

export interface SftpPartner {
  /** `sftp://127.0.0.1:<port>`, the subscription's `url`. */
  url: string;
  port: number;
  /** `SHA256:<base64>` of this run's throwaway host key, as `transportSettings.hostKeySha256` takes it. */
  hostKeySha256: string;
  username: string;
  /** The directory on disk that is the partner's `/`. */
  root: string;
  /** Remote paths of the files renamed into place, oldest first. */
  received: string[];
  close(): Promise<void>;
}

export interface SftpPartnerOptions {
  /** Default 4050; 0 for a spare one. Always on 127.0.0.1. */
  port?: number;
  /** The partner's `/` on disk (created when missing). */
  root: string;
  username: string;
  password: string;
  log?: (line: string) => void;
  /** For tests: called with the remote paths just before a RENAME is carried out. */
  beforeRename?: (from: string, to: string) => void;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  // Compare equal-length buffers either way, so the time taken says nothing about the length.
  return timingSafeEqual(a.length === b.length ? a : b, b) && a.length === b.length;
}

function attributesOf(st: Stats): Attributes {
  return { mode: st.mode, uid: st.uid, gid: st.gid, size: st.size, atime: Math.floor(st.atimeMs / 1000), mtime: Math.floor(st.mtimeMs / 1000) };
}

/** SFTP status for a failed file-system call. */
function statusOf(err: unknown): number {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return STATUS_CODE.NO_SUCH_FILE;
  if (code === 'EACCES' || code === 'EPERM') return STATUS_CODE.PERMISSION_DENIED;
  return STATUS_CODE.FAILURE;
}

/**
 * A partner's SFTP server for the demo, in process: `ssh2`'s Server on 127.0.0.1
 * (port 4050 by default) with a host key generated at start, one user with a
 * password, files kept below `root`. It speaks plain SFTP v3 and announces no
 * OpenSSH extensions (no `posix-rename@openssh.com`, no `fsync@openssh.com`), so
 * RENAME refuses an existing target, as a plain SFTP server does. It serves what
 * the sftp transport uses: OPEN / READ / WRITE / FSTAT / CLOSE, STAT / LSTAT,
 * MKDIR, RENAME, REMOVE, REALPATH, and OPENDIR / READDIR so a person can look
 * around with `sftp`; anything else is answered "unsupported".
 */
export async function startSftpPartner(options: SftpPartnerOptions): Promise<SftpPartner> {
  const log = options.log ?? (() => undefined);
  mkdirSync(options.root, { recursive: true });
  const keys = ssh2.utils.generateKeyPairSync('ed25519', { comment: 'lendwire demo sftp partner' });
  const parsed = ssh2.utils.parseKey(keys.public);
  if (parsed instanceof Error) throw parsed;
  const hostKeySha256 = `SHA256:${createHash('sha256').update(parsed.getPublicSSH()).digest('base64').replace(/=+$/, '')}`;
  const received: string[] = [];
  const connections = new Set<Connection>();

  /** A remote path as a file below root: `..` never climbs above the partner's `/`. */
  const local = (remote: string) => join(options.root, ...posix.normalize(posix.join('/', remote)).split('/').filter(Boolean));

  function serve(sftp: SFTPWrapper): void {
    const handles = new Map<number, number>();
    /** Open directory listings: the entries not sent yet. */
    const listings = new Map<number, FileEntry[]>();
    let nextHandle = 1;
    const fdOf = (handle: Buffer) => (handle.length === 4 ? handles.get(handle.readUInt32BE(0)) : undefined);
    const newHandle = () => {
      const handle = Buffer.alloc(4);
      handle.writeUInt32BE(nextHandle++, 0);
      return handle;
    };
    const run = (reqId: number, fn: () => void) => {
      try {
        fn();
      } catch (err) {
        sftp.status(reqId, statusOf(err), (err as Error).message);
      }
    };
    sftp
      .on('OPEN', (reqId, filename, flags) =>
        run(reqId, () => {
          const mode = flagsToString(flags);
          if (!mode) return sftp.status(reqId, STATUS_CODE.FAILURE, `unsupported open flags ${flags}`);
          const fd = openSync(local(filename), mode, 0o644);
          const handle = newHandle();
          handles.set(handle.readUInt32BE(0), fd);
          sftp.handle(reqId, handle);
        }),
      )
      .on('READ', (reqId, handle, offset, length) =>
        run(reqId, () => {
          const fd = fdOf(handle);
          if (fd === undefined) return sftp.status(reqId, STATUS_CODE.FAILURE, 'invalid handle');
          const buffer = Buffer.alloc(length);
          const n = readSync(fd, buffer, 0, length, offset);
          if (n === 0) sftp.status(reqId, STATUS_CODE.EOF);
          else sftp.data(reqId, buffer.subarray(0, n));
        }),
      )
      .on('WRITE', (reqId, handle, offset, data) =>
        run(reqId, () => {
          const fd = fdOf(handle);
          if (fd === undefined) return sftp.status(reqId, STATUS_CODE.FAILURE, 'invalid handle');
          writeSync(fd, data, 0, data.length, offset);
          sftp.status(reqId, STATUS_CODE.OK);
        }),
      )
      .on('FSTAT', (reqId, handle) =>
        run(reqId, () => {
          const fd = fdOf(handle);
          if (fd === undefined) return sftp.status(reqId, STATUS_CODE.FAILURE, 'invalid handle');
          sftp.attrs(reqId, attributesOf(fstatSync(fd)));
        }),
      )
      .on('OPENDIR', (reqId, path) =>
        run(reqId, () => {
          const dir = local(path);
          const entries = readdirSync(dir).map((name) => {
            const attrs = attributesOf(lstatSync(join(dir, name)));
            return { filename: name, longname: `${attrs.mode & 0o040000 ? 'd' : '-'}rw-r--r-- 1 ${options.username} ${options.username} ${attrs.size} ${name}`, attrs };
          });
          const handle = newHandle();
          listings.set(handle.readUInt32BE(0), entries);
          sftp.handle(reqId, handle);
        }),
      )
      .on('READDIR', (reqId, handle) => {
        const entries = handle.length === 4 ? listings.get(handle.readUInt32BE(0)) : undefined;
        if (!entries) return sftp.status(reqId, STATUS_CODE.FAILURE, 'invalid handle');
        if (!entries.length) return sftp.status(reqId, STATUS_CODE.EOF);
        sftp.name(reqId, entries.splice(0, 100));
      })
      .on('CLOSE', (reqId, handle) =>
        run(reqId, () => {
          if (handle.length === 4 && listings.delete(handle.readUInt32BE(0))) return sftp.status(reqId, STATUS_CODE.OK);
          const fd = fdOf(handle);
          if (fd === undefined) return sftp.status(reqId, STATUS_CODE.FAILURE, 'invalid handle');
          handles.delete(handle.readUInt32BE(0));
          closeSync(fd);
          sftp.status(reqId, STATUS_CODE.OK);
        }),
      )
      .on('STAT', (reqId, path) => run(reqId, () => sftp.attrs(reqId, attributesOf(statSync(local(path))))))
      .on('LSTAT', (reqId, path) => run(reqId, () => sftp.attrs(reqId, attributesOf(lstatSync(local(path))))))
      .on('MKDIR', (reqId, path) =>
        run(reqId, () => {
          mkdirSync(local(path));
          sftp.status(reqId, STATUS_CODE.OK);
        }),
      )
      .on('REMOVE', (reqId, path) =>
        run(reqId, () => {
          unlinkSync(local(path));
          sftp.status(reqId, STATUS_CODE.OK);
        }),
      )
      .on('RENAME', (reqId, from, to) =>
        run(reqId, () => {
          options.beforeRename?.(from, to);
          // SFTP v3 RENAME (as OpenSSH's own server does it) never replaces an existing file.
          if (existsSync(local(to))) return sftp.status(reqId, STATUS_CODE.FAILURE, `${to} already exists`);
          renameSync(local(from), local(to));
          received.push(to);
          sftp.status(reqId, STATUS_CODE.OK);
        }),
      )
      .on('REALPATH', (reqId, path) => {
        const absolute = posix.normalize(posix.join('/', path));
        sftp.name(reqId, [{ filename: absolute, longname: absolute, attrs: {} as Attributes }]);
      })
      .on('close', () => {
        for (const fd of handles.values()) closeSync(fd);
        handles.clear();
        listings.clear();
      });
  }

  const server = new ssh2.Server({ hostKeys: [keys.private] }, (client) => {
    connections.add(client);
    client
      .on('authentication', (ctx) => {
        if (ctx.method === 'password' && sameSecret(ctx.username, options.username) && sameSecret(ctx.password, options.password)) ctx.accept();
        else ctx.reject(['password']);
      })
      .on('ready', () => {
        client.on('session', (accept) => {
          accept().on('sftp', (acceptSftp) => serve(acceptSftp()));
        });
      })
      .on('error', (err) => log(`sftp: connection error (${err.message})`))
      .on('close', () => connections.delete(client));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4050, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as { port: number }).port;
  return {
    url: `sftp://127.0.0.1:${port}`,
    port,
    hostKeySha256,
    username: options.username,
    root: options.root,
    received,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const client of connections) client.end();
      await closed;
    },
  };
}
