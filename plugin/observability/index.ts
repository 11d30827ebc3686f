export { createLogger, type Logger } from './createLogger.js';
export { Metrics } from './Metrics.js';
export { redactLogObject, REDACTED } from './redaction.js';
export { isSensitiveKey } from './sensitiveKey.js';
