import { classifyNetworkError, type TransportContext, type TransportResult } from '../../../plugin/index.js';
import type { SftpSettings } from './sftpSettings.js';
import { openSftpSession, type SftpSession } from './openSftpSession.js';
import { writeRemoteFile } from './writeRemoteFile.js';
import { SftpFailure } from './SftpFailure.js';

/** One file to put on the partner's server. */
export interface RemoteFile {
  path: string;
  bytes: Buffer;
}

const LOST = /No response from server|Connection lost|Not connected|channel.*close|socket.*(closed|ended|hang up)/i;

/** Classifies what ended an upload: SftpFailure keeps its own verdict; SFTP status codes are E_SFTP; the rest goes through the outbound kit's classifier. */
function failureOutcome(err: unknown, timeoutMs: number): TransportResult {
  if (err instanceof SftpFailure) return { result: err.permanent ? 'permanent' : 'retryable', code: err.code, message: err.message };
  const e = err as Error & { code?: unknown };
  if (typeof e.code === 'number') return { result: 'retryable', code: 'E_SFTP', message: `the server refused an SFTP operation (status ${e.code}): ${e.message}` };
  if (e instanceof Error && typeof e.code !== 'string' && LOST.test(e.message)) return { result: 'retryable', code: 'E_RESET', message: `the connection was lost mid-upload: ${e.message}` };
  const { code, message } = classifyNetworkError(err, { timeoutMs });
  return { result: code === 'E_SSRF' || code === 'E_CONFIG' ? 'permanent' : 'retryable', code, message };
}

/**
 * Uploads files in one SFTP session, in order (a batch file before its sidecar),
 * each written whole and renamed into place (`writeRemoteFile`), all within
 * `timeoutMs`. Classifies the attempt like the webhook transport: never throws.
 */
export async function uploadOverSftp(endpoint: { host: string; port: number }, settings: SftpSettings, files: RemoteFile[], ctx: TransportContext, timeoutMs: number): Promise<TransportResult> {
  let session: SftpSession | undefined;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`upload not finished within ${timeoutMs} ms`), { name: 'TimeoutError' })), timeoutMs);
  });
  try {
    const work = (async () => {
      session = await openSftpSession(endpoint, settings, ctx, timeoutMs);
      const { sftp, lost } = session;
      let written = 0;
      for (const file of files) if (await Promise.race([writeRemoteFile(sftp, file.path, file.bytes), lost])) written += 1;
      return written;
    })();
    work.catch(() => {}); // the deadline may win; the loser's rejection is not unhandled
    const written = await Promise.race([work, deadline]);
    const names = files.map((f) => f.path).join(', ');
    return { result: 'delivered', responseExcerpt: written === files.length ? `uploaded ${names}` : `already complete on the server: ${names}` };
  } catch (err) {
    return failureOutcome(err, timeoutMs);
  } finally {
    clearTimeout(timer);
    session?.close();
  }
}
