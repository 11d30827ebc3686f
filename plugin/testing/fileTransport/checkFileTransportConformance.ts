import type { Transport } from '../../sdk/Transport.js';
import type { ConformanceResult } from '../ConformanceRule.js';
import { runConformanceRules } from '../runConformanceRules.js';
import { fileTransportConformanceSuite } from './fileTransportConformanceSuite.js';
import type { FileTransportConformanceOptions } from './FileTransportConformanceOptions.js';

/**
 * Runs the file-transport rules against a real local SFTP server and reports,
 * rule by rule, whether the transport keeps the contract (see fileTransportRules):
 * `expect((await checkFileTransportConformance(myTransport)).filter(r => !r.ok)).to.be.empty`.
 */
export async function checkFileTransportConformance(transport: Transport, options: FileTransportConformanceOptions = {}): Promise<ConformanceResult[]> {
  const suite = fileTransportConformanceSuite(transport, options);
  try {
    return await runConformanceRules(await suite.start());
  } finally {
    await suite.stop();
  }
}
