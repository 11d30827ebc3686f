import { lookup as dnsLookup } from 'node:dns';
import { pino } from 'pino';
import { Agent } from 'undici';
import type { FileBatches, SecretRef, TransportContext } from '../../plugin/index.js';
import { noFileBatches } from '../../plugin/testing/transport/noFileBatches.js';
import { AddressPolicy } from '../../plugin/outbound/AddressPolicy.js';
import { guardedLookup } from '../../plugin/outbound/guardedLookup.js';
import type { SshServer } from '../support/sshServer.js';

/** A transport context for direct transport tests: secrets from `values` (by env name), loopback allowed unless `guarded`. */
export function sftpContext(values: Record<string, string>, options: { guarded?: boolean; batches?: FileBatches } = {}): TransportContext {
  return {
    logger: pino({ level: 'silent' }),
    secret: (ref: SecretRef) => {
      const name = 'env' in ref ? ref.env : ref.file;
      if (!(name in values)) throw new Error(`no secret ${name}`);
      return values[name];
    },
    dispatcher: new Agent(),
    userAgent: 'lendwire/test',
    urlProblem: () => null,
    signatureScheme: () => {
      throw new Error('sftp signs nothing');
    },
    batches: options.batches ?? noFileBatches,
    lookup: options.guarded ? guardedLookup(new AddressPolicy([])) : (hostname, opts, callback) => dnsLookup(hostname, opts, callback),
  };
}

/** The secrets an sshd harness hands out, by the env names `sftpSettings` refers to. */
export function sshSecrets(server: SshServer): Record<string, string> {
  return { SFTP_KEY: server.privateKey, SFTP_PASSWORD: server.password };
}

/** transportSettings for the harness's user: key auth unless `password`, the harness's host key pinned. */
export function sftpSettings(server: SshServer, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { username: server.username, privateKey: { env: 'SFTP_KEY' }, hostKeySha256: server.hostKeySha256, ...extra };
}
