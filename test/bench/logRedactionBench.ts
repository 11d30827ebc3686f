/**
 * Micro benchmark of one log call through the plugin's logger (redaction
 * included), for typical shapes: the hot path's small line, a line from a
 * child logger, and a failure line with a nested vendor payload. Run with
 * `npx tsx test/bench/logRedactionBench.ts`; prints ns per call (median of 7 runs).
 */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { createLogger } from '../../plugin/observability/createLogger.js';

const sink = new Writable({
  write(_chunk, _enc, cb) {
    cb();
  },
});
const host = pino({ level: 'info' }, sink);
const logger = createLogger(host);
const child = logger.child({ component: 'delivery', deliveryId: 'dlv_01JDXE2E000000000000000001' });

const vendorAnswer = {
  AppId: 'A-1048576',
  Status: 'DECLINED',
  Applicant: { FirstName: 'Aisha', LastName: 'Rahman', SSN: '123-45-6789', DOB: '1988-04-12', Employment: { Employer: 'NTMC', GrossMonthlyIncome: 6800 } },
  Errors: [{ Field: 'Vehicle.Vin', Message: 'check digit' }],
};

const CASES: [string, () => void][] = [
  ['small line', () => logger.info({ deliveryId: 'dlv_01JDXE2E000000000000000001', statusCode: 200, durationMs: 12 }, 'delivered')],
  ['child, message only', () => child.info('delivery attempt finished')],
  ['nested vendor payload', () => logger.warn({ lenderId: 'westlake', answer: vendorAnswer, attempt: 2 }, 'lender refused the application')],
  ['level off (debug)', () => logger.debug({ deliveryId: 'x' }, 'not written')],
];

function nsPerCall(fn: () => void, calls: number): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) fn();
  return Number(process.hrtime.bigint() - start) / calls;
}

const CALLS = 3_000;
for (const [name, fn] of CASES) {
  nsPerCall(fn, CALLS); // warm-up
  const runs = Array.from({ length: 7 }, () => nsPerCall(fn, CALLS)).sort((a, b) => a - b);
  console.log(`${name.padEnd(24)} ${runs[3].toFixed(0).padStart(7)} ns/call   (min ${runs[0].toFixed(0)}, max ${runs[6].toFixed(0)})`);
}
