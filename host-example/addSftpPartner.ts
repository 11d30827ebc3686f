import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConflictError, type Lendwire } from '../plugin/index.js';
import { DEMO_OUT_DIRECTORY, PROJECT_ROOT } from './hostConfig.js';
import type { SftpPartnerOptions, SftpPartner } from './simulators/sftpPartner.js';

/** Where the demo's SFTP partner keeps what it receives (host-example/out/sftp/ unless DEMO_OUT_DIR says otherwise): the partner's `/`. */
export const DEMO_SFTP_DIRECTORY = join(DEMO_OUT_DIRECTORY, 'sftp');
/** The demo partner's account and its password file (a demo secret, like the others in host-example/secrets/). */
export const DEMO_SFTP_USER = 'dealer-demo';
export const DEMO_SFTP_PASSWORD_FILE = join(PROJECT_ROOT, 'host-example', 'secrets', 'sftp-partner-password');
export const DEMO_SFTP_PORT = 4050;
/** Where each event lands on the partner's server. */
export const DEMO_SFTP_PATH_TEMPLATE = '/inbox/{date}/{eventType}-{eventId}.json';
export const DEMO_SFTP_SUBSCRIPTION = 'demo-sftp-partner';

/** What `startSftpPartner` needs for the demo's partner: port 4050, files in host-example/out/sftp/, the user and its password from the demo secrets. */
export function demoSftpPartnerOptions(log?: (line: string) => void): SftpPartnerOptions {
  return {
    port: DEMO_SFTP_PORT,
    root: DEMO_SFTP_DIRECTORY,
    username: DEMO_SFTP_USER,
    password: readFileSync(DEMO_SFTP_PASSWORD_FILE, 'utf8').trim(),
    ...(log ? { log } : {}),
  };
}

/**
 * An SFTP partner for the demo: every application event as one JSON file on the
 * partner's server (the in-process simulator, `simulators/sftpPartner.ts`) at
 * `/inbox/{date}/{eventType}-{eventId}.json`, i.e. below host-example/out/sftp/.
 * Password auth from the demo secrets; the host key is pinned to this run's
 * simulator key. Created through the run-time API on the first run; later runs
 * update the URL and settings (the simulator's host key is new every run).
 */
export async function addSftpPartner(lendwire: Lendwire, partner: Pick<SftpPartner, 'url' | 'hostKeySha256' | 'username'>): Promise<void> {
  const transportSettings = {
    username: partner.username,
    password: { file: DEMO_SFTP_PASSWORD_FILE },
    hostKeySha256: partner.hostKeySha256,
    pathTemplate: DEMO_SFTP_PATH_TEMPLATE,
  };
  const actor = { actor: 'host-example demo' };
  const exists = (await lendwire.subscriptions.list()).some((s) => s.id === DEMO_SFTP_SUBSCRIPTION);
  if (!exists) {
    try {
      await lendwire.subscriptions.create({ id: DEMO_SFTP_SUBSCRIPTION, url: partner.url, events: ['application.*'], transport: 'sftp', transportSettings }, actor);
      return;
    } catch (err) {
      // Created meanwhile by another process of the demo: update it below.
      if (!(err instanceof ConflictError) || !(await lendwire.subscriptions.list()).some((s) => s.id === DEMO_SFTP_SUBSCRIPTION)) throw err;
    }
  }
  await lendwire.subscriptions.update(DEMO_SFTP_SUBSCRIPTION, { url: partner.url, transportSettings }, actor);
}
