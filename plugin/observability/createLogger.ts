import { pino, symbols, type Bindings, type ChildLoggerOptions, type Logger } from 'pino';
import { redactLogObject } from './redaction.js';

export type { Logger };

type LogFormatter = (obj: object) => object;

/**
 * Every descendant of `logger` redacts its bindings too: pino children are
 * made with Object.create(parent), so they inherit this `child` (pino's own
 * `redact` option did this with ~200 wildcard paths; a key matcher is far cheaper).
 */
function redactChildBindings(logger: Logger): Logger {
  const pinoChild = logger.child as unknown as (this: Logger, bindings: Bindings, options?: ChildLoggerOptions) => Logger;
  const child = function (this: Logger, bindings: Bindings, options?: ChildLoggerOptions): Logger {
    return pinoChild.call(this, redactLogObject(bindings), options);
  };
  Object.defineProperty(logger, 'child', { value: child, writable: true, configurable: true });
  return logger;
}

/**
 * The plugin's root logger. With a host pino logger we log through it (so its
 * transport, level and own formatter apply) but always with our redaction:
 * every sensitive key, at any depth and in any spelling, becomes "[REDACTED]".
 */
export function createLogger(hostLogger?: Logger): Logger {
  if (hostLogger) {
    const hostFormatters = (hostLogger as unknown as Record<symbol, { log?: LogFormatter } | undefined>)[symbols.formattersSym];
    const hostLog = hostFormatters?.log;
    const log: LogFormatter = hostLog ? (obj) => hostLog(redactLogObject(obj)) : redactLogObject;
    return redactChildBindings(hostLogger.child({ plugin: 'lendwire' }, { formatters: { log } }));
  }
  return redactChildBindings(
    pino({
      name: 'lendwire',
      level: process.env.LENDWIRE_LOG_LEVEL ?? 'info',
      formatters: { log: redactLogObject },
    }),
  );
}
