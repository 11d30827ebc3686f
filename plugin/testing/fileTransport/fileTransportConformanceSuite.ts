import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Transport } from '../../sdk/Transport.js';
import { CountingAgent } from '../CountingAgent.js';
import { closedPortUrl } from '../LocalStandIn.js';
import { LocalSftpStandIn, unrelatedHostKeySha256 } from '../LocalSftpStandIn.js';
import type { ConformanceSuite } from '../registerConformanceRules.js';
import type { FileTransportConformanceOptions } from './FileTransportConformanceOptions.js';
import { memoryFileBatches } from './memoryFileBatches.js';
import { FILE_TRANSPORT_RULE_NAMES, KIT_SFTP_PASSWORD, KIT_SFTP_USER, fileTransportRules } from './fileTransportRules.js';

/** The file-transport kit as a suite: an SFTP stand-in on 127.0.0.1 over a temporary directory (removed at `stop()`), a closed port, a host key nobody holds, `ctx.batches` in memory. */
export function fileTransportConformanceSuite(transport: Transport, options: FileTransportConformanceOptions = {}): ConformanceSuite {
  let standIn: LocalSftpStandIn | undefined;
  let root: string | undefined;
  const dispatcher = new CountingAgent();
  return {
    names: FILE_TRANSPORT_RULE_NAMES,
    async start() {
      root = mkdtempSync(join(tmpdir(), 'lendwire-file-conformance-'));
      standIn = await new LocalSftpStandIn({ root, username: KIT_SFTP_USER, password: KIT_SFTP_PASSWORD }).start();
      const closedUrl = `sftp://127.0.0.1:${new URL(await closedPortUrl()).port}`;
      return fileTransportRules(transport, options, { standIn, dispatcher, closedUrl, otherHostKeySha256: unrelatedHostKeySha256(), batches: memoryFileBatches() });
    },
    async stop() {
      await standIn?.stop();
      await dispatcher.close().catch(() => undefined);
      if (root) rmSync(root, { recursive: true, force: true });
    },
  };
}
