/**
 * `lendwire/testing`: the conformance kits. One call in a partner's mocha (or
 * node:test) suite registers every rule of an adapter contract as a test,
 * against real local stand-ins on 127.0.0.1 (no nock needed). Semver-stable
 * like `lendwire/sdk`: see docs/sdk.md.
 */
export { describeLenderAdapterConformance } from './lender/describeLenderAdapterConformance.js';
export { lenderConformanceSuite } from './lender/lenderConformanceSuite.js';
export type { LenderConformanceOptions, LenderConformanceFixtures, RecordedCallback, DocumentedStatus, RecordedAnswer } from './lender/LenderConformanceOptions.js';
export { SAMPLE_APPLICATION } from './lender/sampleApplication.js';
export { describeCrmAdapterConformance, crmConformanceSuite } from './crm/describeCrmAdapterConformance.js';
export type { CrmConformanceOptions, CrmRoute, CrmCallRole } from './crm/CrmConformanceOptions.js';
export { describeTransportConformance } from './transport/describeTransportConformance.js';
export { checkTransportConformance } from './transport/checkTransportConformance.js';
export { transportConformanceSuite } from './transport/transportConformanceSuite.js';
export type { ConformanceOptions, TransportConformanceOptions } from './transport/TransportConformanceOptions.js';
export { describeFileTransportConformance } from './fileTransport/describeFileTransportConformance.js';
export { checkFileTransportConformance } from './fileTransport/checkFileTransportConformance.js';
export { fileTransportConformanceSuite } from './fileTransport/fileTransportConformanceSuite.js';
export type { FileTransportConformanceOptions, DescribeFileTransportConformanceOptions, FileServerAccount, ExpectedFile, JoinedBatch } from './fileTransport/FileTransportConformanceOptions.js';
export { LocalSftpStandIn, type LocalSftpStandInOptions, type SftpJournalEntry, type SftpStandInFault } from './LocalSftpStandIn.js';
export { registerConformanceRules, type ConformanceSuite } from './registerConformanceRules.js';
export { runConformanceRules } from './runConformanceRules.js';
export type { ConformanceRule, ConformanceResult } from './ConformanceRule.js';
export { ConformanceFailure } from './ConformanceFailure.js';
export type { TestRunner } from './TestRunner.js';
