import type { Transport, TransportResult } from '../../../plugin/index.js';
import { parseSftpUrl } from './sftpUrl.js';
import { readSftpSettings } from './sftpSettings.js';
import { renderRemotePath } from './renderRemotePath.js';
import { checkSftpSubscription } from './checkSftpSubscription.js';
import { uploadOverSftp } from './uploadOverSftp.js';

export { uploadOverSftp, type RemoteFile } from './uploadOverSftp.js';
export { readSftpSettings, pathTemplateProblems, type SftpSettings, DEFAULT_PATH_TEMPLATE } from './sftpSettings.js';
export { parseSftpUrl } from './sftpUrl.js';
export { renderRemotePath } from './renderRemotePath.js';

/**
 * Each event as one file on the partner's SFTP server (`url: sftp://host[:port]`):
 * the envelope's JSON bytes (`{"type","timestamp","data"}`, the same on every
 * retry and replay) at `transportSettings.pathTemplate`, written under a
 * temporary name and renamed, host key pinned, key or password auth from secret
 * references. See README.md in this folder.
 */
export const sftpTransport: Transport = {
  id: 'sftp',
  checkSubscription: checkSftpSubscription,
  async send(message, target, ctx): Promise<TransportResult> {
    const endpoint = parseSftpUrl(target.url);
    if ('problem' in endpoint) return { result: 'permanent', code: 'E_URL', message: `subscription URL ${endpoint.problem}` };
    const { settings, problems } = readSftpSettings(target.settings, '/transportSettings');
    if (!settings) return { result: 'permanent', code: 'E_CONFIG', message: problems.map((p) => `${p.path} ${p.message}`).join('; ') };
    const path = renderRemotePath(settings.pathTemplate, {
      date: message.envelope.timestamp.slice(0, 10),
      eventType: message.type,
      eventId: message.id,
      subscriptionId: target.id,
    });
    return uploadOverSftp(endpoint, settings, [{ path, bytes: Buffer.from(message.body, 'utf8') }], ctx, target.timeoutMs);
  },
};
