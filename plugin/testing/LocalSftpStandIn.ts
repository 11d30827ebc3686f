import { createHash, timingSafeEqual } from 'node:crypto';
import { closeSync, existsSync, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, statSync, unlinkSync, writeSync, type Stats } from 'node:fs';
import { join, posix } from 'node:path';
import ssh2 from 'ssh2';
import type { Attributes, Connection, FileEntry, Server as SshServer, SFTPWrapper } from 'ssh2';

const { STATUS_CODE, flagsToString } = ssh2.utils.sftp;

export interface LocalSftpStandInOptions {
  /** 0 (the default) for a spare one. Always on 127.0.0.1. */
  port?: number;
  /** The server's `/` on disk (created when missing). */
  root: string;
  username: string;
  password: string;
  log?: (line: string) => void;
  /** For tests: called with the remote paths just before a RENAME is carried out. */
  beforeRename?: (from: string, to: string) => void;
}

/** One thing a client did, as the stand-in saw it (remote paths). */
export interface SftpJournalEntry {
  /** Which connection (1, 2, ... in the order they came). */
  connection: number;
  op: 'AUTH' | 'OPEN' | 'WRITE' | 'CLOSE' | 'MKDIR' | 'RENAME' | 'REMOVE';
  path?: string;
  /** RENAME: the new name. */
  to?: string;
  /** OPEN: the flags as `fs.open` takes them (`w`, `r`, `a+`, ...); AUTH: the method. */
  flags?: string;
  /** RENAME: the source file's bytes at the moment it was renamed. */
  content?: Buffer;
}

/**
 * What the stand-in does to the next requests: `drop-mid-write` writes the first
 * half of the next WRITE to disk and then drops the connection (what a lost
 * connection leaves); `hang` never answers the next OPEN.
 */
export type SftpStandInFault = 'none' | 'drop-mid-write' | 'hang';

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

/** `SHA256:<base64>` of an SSH public key, as `ssh-keygen -l -E sha256` prints it. */
function fingerprintOf(publicKey: string): string {
  const parsed = ssh2.utils.parseKey(publicKey);
  if (parsed instanceof Error) throw parsed;
  return `SHA256:${createHash('sha256').update(parsed.getPublicSSH()).digest('base64').replace(/=+$/, '')}`;
}

/**
 * A fresh ed25519 key pair, OpenSSH format. ssh2's generator writes about 1 public key in 260
 * with its leading zero byte dropped ("Malformed OpenSSH public key" when read back): such a
 * pair is discarded and another made.
 */
export function generateHostKey(comment = 'lendwire sftp stand-in'): { private: string; public: string; sha256: string } {
  for (;;) {
    const keys = ssh2.utils.generateKeyPairSync('ed25519', { comment });
    if (!(ssh2.utils.parseKey(keys.public) instanceof Error) && !(ssh2.utils.parseKey(keys.private) instanceof Error)) {
      return { private: keys.private, public: keys.public, sha256: fingerprintOf(keys.public) };
    }
  }
}

/** The fingerprint of a freshly generated key no server holds: a pin that never matches. */
export function unrelatedHostKeySha256(): string {
  return generateHostKey().sha256;
}

/**
 * A real SFTP server on 127.0.0.1 for tests and the demo: `ssh2`'s Server with a
 * host key generated at start, one user with a password, files kept below `root`.
 * It speaks plain SFTP v3 and announces no OpenSSH extensions (no
 * `posix-rename@openssh.com`, no `fsync@openssh.com`), so RENAME refuses an
 * existing target, as a plain SFTP server does. It serves OPEN / READ / WRITE /
 * FSTAT / CLOSE, STAT / LSTAT, MKDIR, RENAME, REMOVE, REALPATH, and OPENDIR /
 * READDIR (so a person can look around with `sftp`); anything else is answered
 * "unsupported". Every authentication, open, write, rename and removal is
 * recorded in `journal`; `fault` makes the next upload drop or hang.
 */
export class LocalSftpStandIn {
  /** `SHA256:<base64>` of this run's throwaway host key, as `transportSettings.hostKeySha256` takes it. */
  readonly hostKeySha256: string;
  /** Remote paths of the files renamed into place, oldest first. */
  readonly received: string[] = [];
  /** What clients did, oldest first. */
  readonly journal: SftpJournalEntry[] = [];
  fault: SftpStandInFault = 'none';
  private readonly hostKey: string;
  private readonly connections = new Set<Connection>();
  private server: SshServer | undefined;
  private connectionCount = 0;
  private boundPort = 0;

  constructor(private readonly options: LocalSftpStandInOptions) {
    const keys = generateHostKey();
    this.hostKey = keys.private;
    this.hostKeySha256 = keys.sha256;
  }

  get username(): string {
    return this.options.username;
  }

  get root(): string {
    return this.options.root;
  }

  get port(): number {
    return this.boundPort;
  }

  /** `sftp://127.0.0.1:<port>`, a subscription's `url`. */
  get url(): string {
    return `sftp://127.0.0.1:${this.boundPort}`;
  }

  /** A remote path as a file below root: `..` never climbs above the server's `/`. */
  local(remote: string): string {
    return join(this.options.root, ...posix.normalize(posix.join('/', remote)).split('/').filter(Boolean));
  }

  async start(): Promise<this> {
    mkdirSync(this.options.root, { recursive: true });
    const log = this.options.log ?? (() => undefined);
    const server = new ssh2.Server({ hostKeys: [this.hostKey] }, (client) => {
      const connection = ++this.connectionCount;
      this.connections.add(client);
      client
        .on('authentication', (ctx) => {
          this.journal.push({ connection, op: 'AUTH', flags: ctx.method, path: ctx.username });
          if (ctx.method === 'password' && sameSecret(ctx.username, this.options.username) && sameSecret(ctx.password, this.options.password)) ctx.accept();
          else ctx.reject(['password']);
        })
        .on('ready', () => {
          client.on('session', (accept) => {
            accept().on('sftp', (acceptSftp) => this.serve(acceptSftp(), client, connection));
          });
        })
        .on('error', (err) => log(`sftp: connection error (${err.message})`))
        .on('close', () => this.connections.delete(client));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port ?? 0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    this.boundPort = (server.address() as { port: number }).port;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const client of this.connections) client.end();
    await closed;
  }

  private serve(sftp: SFTPWrapper, client: Connection, connection: number): void {
    const handles = new Map<number, { fd: number; path: string }>();
    /** Open directory listings: the entries not sent yet. */
    const listings = new Map<number, FileEntry[]>();
    let nextHandle = 1;
    const openFile = (handle: Buffer) => (handle.length === 4 ? handles.get(handle.readUInt32BE(0)) : undefined);
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
    const record = (entry: Omit<SftpJournalEntry, 'connection'>) => this.journal.push({ connection, ...entry });
    sftp
      .on('OPEN', (reqId, filename, flags) =>
        run(reqId, () => {
          const mode = flagsToString(flags);
          if (!mode) return sftp.status(reqId, STATUS_CODE.FAILURE, `unsupported open flags ${flags}`);
          const path = posix.normalize(posix.join('/', filename));
          if (mode !== 'r') record({ op: 'OPEN', path, flags: mode });
          if (this.fault === 'hang') {
            this.fault = 'none';
            return; // never answered
          }
          const fd = openSync(this.local(filename), mode, 0o644);
          const handle = newHandle();
          handles.set(handle.readUInt32BE(0), { fd, path });
          sftp.handle(reqId, handle);
        }),
      )
      .on('READ', (reqId, handle, offset, length) =>
        run(reqId, () => {
          const file = openFile(handle);
          if (!file) return sftp.status(reqId, STATUS_CODE.FAILURE, 'invalid handle');
          const buffer = Buffer.alloc(length);
          const n = readSync(file.fd, buffer, 0, length, offset);
          if (n === 0) sftp.status(reqId, STATUS_CODE.EOF);
          else sftp.data(reqId, buffer.subarray(0, n));
        }),
      )
      .on('WRITE', (reqId, handle, offset, data) =>
        run(reqId, () => {
          const file = openFile(handle);
          if (!file) return sftp.status(reqId, STATUS_CODE.FAILURE, 'invalid handle');
          record({ op: 'WRITE', path: file.path });
          if (this.fault === 'drop-mid-write') {
            this.fault = 'none';
            writeSync(file.fd, data, 0, Math.floor(data.length / 2), offset);
            client.end();
            return;
          }
          writeSync(file.fd, data, 0, data.length, offset);
          sftp.status(reqId, STATUS_CODE.OK);
        }),
      )
      .on('FSTAT', (reqId, handle) =>
        run(reqId, () => {
          const file = openFile(handle);
          if (!file) return sftp.status(reqId, STATUS_CODE.FAILURE, 'invalid handle');
          sftp.attrs(reqId, attributesOf(fstatSync(file.fd)));
        }),
      )
      .on('OPENDIR', (reqId, path) =>
        run(reqId, () => {
          const dir = this.local(path);
          const entries = readdirSync(dir).map((name) => {
            const attrs = attributesOf(lstatSync(join(dir, name)));
            return { filename: name, longname: `${attrs.mode & 0o040000 ? 'd' : '-'}rw-r--r-- 1 ${this.options.username} ${this.options.username} ${attrs.size} ${name}`, attrs };
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
          const file = openFile(handle);
          if (!file) return sftp.status(reqId, STATUS_CODE.FAILURE, 'invalid handle');
          handles.delete(handle.readUInt32BE(0));
          closeSync(file.fd);
          sftp.status(reqId, STATUS_CODE.OK);
        }),
      )
      .on('STAT', (reqId, path) => run(reqId, () => sftp.attrs(reqId, attributesOf(statSync(this.local(path))))))
      .on('LSTAT', (reqId, path) => run(reqId, () => sftp.attrs(reqId, attributesOf(lstatSync(this.local(path))))))
      .on('MKDIR', (reqId, path) =>
        run(reqId, () => {
          record({ op: 'MKDIR', path: posix.normalize(posix.join('/', path)) });
          mkdirSync(this.local(path));
          sftp.status(reqId, STATUS_CODE.OK);
        }),
      )
      .on('REMOVE', (reqId, path) =>
        run(reqId, () => {
          record({ op: 'REMOVE', path: posix.normalize(posix.join('/', path)) });
          unlinkSync(this.local(path));
          sftp.status(reqId, STATUS_CODE.OK);
        }),
      )
      .on('RENAME', (reqId, from, to) =>
        run(reqId, () => {
          const source = posix.normalize(posix.join('/', from));
          const target = posix.normalize(posix.join('/', to));
          let content: Buffer | undefined;
          try {
            content = readFileSync(this.local(from));
          } catch {
            content = undefined;
          }
          record({ op: 'RENAME', path: source, to: target, ...(content ? { content } : {}) });
          this.options.beforeRename?.(from, to);
          // SFTP v3 RENAME (as OpenSSH's own server does it) never replaces an existing file.
          if (existsSync(this.local(to))) return sftp.status(reqId, STATUS_CODE.FAILURE, `${to} already exists`);
          renameSync(this.local(from), this.local(to));
          this.received.push(to);
          sftp.status(reqId, STATUS_CODE.OK);
        }),
      )
      .on('REALPATH', (reqId, path) => {
        const absolute = posix.normalize(posix.join('/', path));
        sftp.name(reqId, [{ filename: absolute, longname: absolute, attrs: {} as Attributes }]);
      })
      .on('close', () => {
        for (const file of handles.values()) closeSync(file.fd);
        handles.clear();
        listings.clear();
      });
  }
}
