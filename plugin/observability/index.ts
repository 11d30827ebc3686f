export { createLogger, type Logger } from './createLogger.js';
export { Metrics } from './Metrics.js';
export { REDACTION, REDACTED_KEYS } from './redaction.js';
