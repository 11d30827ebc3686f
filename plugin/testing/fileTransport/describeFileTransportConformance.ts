import { registerConformanceRules } from '../registerConformanceRules.js';
import { fileTransportConformanceSuite } from './fileTransportConformanceSuite.js';
import type { DescribeFileTransportConformanceOptions } from './FileTransportConformanceOptions.js';

/**
 * Registers the per-event file-transport contract as tests, one per rule,
 * against a real SFTP server on 127.0.0.1: `describeFileTransportConformance({ transport: sftpTransport })`.
 * See docs/sdk.md.
 */
export function describeFileTransportConformance(options: DescribeFileTransportConformanceOptions): void {
  registerConformanceRules(`file transport "${options.transport.id}" keeps the file-transport contract`, fileTransportConformanceSuite(options.transport, options), options.runner);
}
