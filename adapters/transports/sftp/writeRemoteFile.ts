import { posix } from 'node:path';
import type { SFTPWrapper, Stats } from 'ssh2';
import { SftpFailure } from './SftpFailure.js';

const NO_SUCH_FILE = 2;
const OP_UNSUPPORTED = 8;
const CHUNK = 32 * 1024;

type SftpError = Error & { code?: number | string };

function call<T>(fn: (cb: (err: SftpError | undefined | null, value: T) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => fn((err, value) => (err ? reject(err) : resolve(value))));
}

async function statOrNull(sftp: SFTPWrapper, path: string): Promise<Stats | null> {
  try {
    return await call<Stats>((cb) => sftp.stat(path, cb));
  } catch (err) {
    if ((err as SftpError).code === NO_SUCH_FILE) return null;
    throw err;
  }
}

/** `mkdir -p`: each missing directory of `dir` is created (one created meanwhile by another writer is fine). */
async function ensureDirectory(sftp: SFTPWrapper, dir: string): Promise<void> {
  const parts = dir.split('/').filter(Boolean);
  let current = dir.startsWith('/') ? '' : '.';
  for (const part of parts) {
    current = `${current}/${part}`;
    if (await statOrNull(sftp, current)) continue;
    try {
      await call<void>((cb) => sftp.mkdir(current, (err) => cb(err, undefined)));
    } catch (err) {
      if (!(await statOrNull(sftp, current))) throw err;
    }
  }
}

async function sameBytes(sftp: SFTPWrapper, path: string, stats: Stats, bytes: Buffer): Promise<boolean> {
  if (stats.size !== bytes.length) return false;
  const existing = await call<Buffer>((cb) => sftp.readFile(path, cb));
  return existing.equals(bytes);
}

/** What ssh2 throws (before sending anything) for an extension the server did not announce, or a server's "Operation unsupported" answer. */
function unsupported(err: SftpError): boolean {
  return err.code === OP_UNSUPPORTED || /does not support|not supported|unsupported/i.test(err.message);
}

/**
 * Moves the finished temporary file to its final name. `posix-rename@openssh.com`
 * when the server announces it (replaces atomically); otherwise a plain SFTP
 * RENAME, which refuses an existing target. When it is refused and the final name
 * now holds exactly these bytes (another attempt of the same upload finished
 * first), that is success: the temporary file is removed and the complete file
 * left alone. A different file there is `E_EXISTS`; nothing is ever removed from
 * the final name. Answers whether this call put the file in place.
 */
async function renameIntoPlace(sftp: SFTPWrapper, temporary: string, path: string, bytes: Buffer): Promise<boolean> {
  try {
    await call<void>((cb) => sftp.ext_openssh_rename(temporary, path, (err) => cb(err, undefined)));
    return true;
  } catch (err) {
    if (!unsupported(err as SftpError)) throw err;
  }
  try {
    await call<void>((cb) => sftp.rename(temporary, path, (err) => cb(err, undefined)));
    return true;
  } catch (err) {
    const existing = await statOrNull(sftp, path);
    if (!existing) throw err;
    const same = await sameBytes(sftp, path, existing, bytes);
    // A leftover temporary name is overwritten by the next upload of the same file.
    await call<void>((cb) => sftp.unlink(temporary, (e) => cb(e, undefined))).catch(() => {});
    if (!same) throw new SftpFailure('E_EXISTS', `${path} appeared during the upload with different content (${existing.size} bytes); not overwritten`, true);
    return false;
  }
}

/**
 * Writes one file so the partner never sees half of it: the bytes go to
 * `.<name>.part` in the same directory (the same name on every retry, so a
 * partial left by a dropped connection is simply overwritten), are flushed, then
 * renamed to the final name. Idempotent: when the final name already holds
 * exactly these bytes (an earlier attempt finished but its answer was lost) it
 * is success without writing; a different file there is `E_EXISTS`, never overwritten.
 * Answers whether it wrote (`false`: it was already there).
 */
export async function writeRemoteFile(sftp: SFTPWrapper, path: string, bytes: Buffer): Promise<boolean> {
  const existing = await statOrNull(sftp, path);
  if (existing) {
    if (await sameBytes(sftp, path, existing, bytes)) return false;
    throw new SftpFailure('E_EXISTS', `${path} already exists with different content (${existing.size} bytes); not overwritten`, true);
  }
  const dir = posix.dirname(path);
  await ensureDirectory(sftp, dir);
  const temporary = posix.join(dir, `.${posix.basename(path)}.part`);
  const handle = await call<Buffer>((cb) => sftp.open(temporary, 'w', cb));
  try {
    for (let offset = 0; offset < bytes.length; offset += CHUNK) {
      const length = Math.min(CHUNK, bytes.length - offset);
      await call<void>((cb) => sftp.write(handle, bytes, offset, length, offset, (err) => cb(err, undefined)));
    }
    await call<void>((cb) => sftp.ext_openssh_fsync(handle, (err) => cb(err, undefined))).catch(() => {
      // Servers without fsync@openssh.com: the close below still completes the write.
    });
  } finally {
    await call<void>((cb) => sftp.close(handle, (err) => cb(err, undefined))).catch(() => {});
  }
  return renameIntoPlace(sftp, temporary, path, bytes);
}
