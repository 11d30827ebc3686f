import { open, mkdir, readFile, rename, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** A local-directory failure: `E_EXISTS` (a different file has the name) is permanent, the rest (`E_FILE`) retryable. */
export class LocalFileFailure extends Error {
  constructor(
    readonly code: 'E_EXISTS' | 'E_FILE',
    message: string,
  ) {
    super(message);
    this.name = 'LocalFileFailure';
  }
}

async function existing(path: string): Promise<Buffer | null> {
  try {
    await stat(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  return readFile(path);
}

/**
 * The local-directory twin of the sftp `writeRemoteFile`: bytes to
 * `.<name>.part`, fsync, rename into place; the same bytes already there is
 * success (answers false), different bytes are `E_EXISTS`, never overwritten.
 */
export async function writeLocalFile(path: string, bytes: Buffer): Promise<boolean> {
  try {
    const there = await existing(path);
    if (there) {
      if (there.equals(bytes)) return false;
      throw new LocalFileFailure('E_EXISTS', `${path} already exists with different content (${there.length} bytes); not overwritten`);
    }
    await mkdir(dirname(path), { recursive: true });
    const temporary = join(dirname(path), `.${basename(path)}.part`);
    const handle = await open(temporary, 'w');
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
    return true;
  } catch (err) {
    if (err instanceof LocalFileFailure) throw err;
    const e = err as NodeJS.ErrnoException;
    throw new LocalFileFailure('E_FILE', `cannot write ${path}: ${e.code ?? ''} ${e.message}`.trim());
  }
}
