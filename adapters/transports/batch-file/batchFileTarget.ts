import { isAbsolute, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSftpUrl } from '../sftp/index.js';

/** Where a batch-file subscription's files go: a local directory (`file:///...`) or an SFTP server (`sftp://host[:port]`). */
export type BatchFileSink = { kind: 'directory'; directory: string } | { kind: 'sftp'; host: string; port: number };

/** The sink a URL names, or why it cannot be used; a directory must be inside one of `directoryRoots`. */
export function batchFileSink(url: string, directoryRoots: readonly string[]): BatchFileSink | { problem: string } {
  if (url.startsWith('sftp:')) {
    const parsed = parseSftpUrl(url);
    return 'problem' in parsed ? parsed : { kind: 'sftp', ...parsed };
  }
  if (!url.startsWith('file:')) return { problem: 'must be file:///<directory> (files the host ships itself) or sftp://host[:port]' };
  let directory: string;
  try {
    directory = normalize(fileURLToPath(url));
  } catch {
    return { problem: 'is not a valid file:// URL (file:///absolute/directory)' };
  }
  if (!isAbsolute(directory)) return { problem: 'must name an absolute directory' };
  const roots = directoryRoots.map((r) => normalize(r).replace(/[\\/]+$/, ''));
  if (!roots.some((r) => directory === r || directory.startsWith(`${r}${sep}`))) {
    return { problem: roots.length ? `must be inside ${roots.join(' or ')} (the batch-file transport's directoryRoots)` : 'local directories are off: the host sets LENDWIRE_BATCH_DIRECTORIES (or createBatchFileTransport({ directoryRoots }))' };
  }
  return { kind: 'directory', directory };
}
