import type { TransportSettingsProblem, TransportSubscription } from '../../../plugin/index.js';
import { parseSftpUrl } from './sftpUrl.js';
import { readSftpSettings } from './sftpSettings.js';

/** Problems of an sftp subscription: `url` is `sftp://host[:port]` on an allowed address, `transportSettings` as `readSftpSettings` wants them. */
export function checkSftpSubscription(subscription: TransportSubscription): TransportSettingsProblem[] {
  const problems: TransportSettingsProblem[] = [];
  const parsed = parseSftpUrl(subscription.url);
  if ('problem' in parsed) problems.push({ path: '/url', message: parsed.problem });
  else {
    const refused = subscription.hostProblem(parsed.host);
    if (refused) problems.push({ path: '/url', message: refused });
  }
  problems.push(...readSftpSettings(subscription.settings, '/transportSettings').problems);
  return problems;
}
