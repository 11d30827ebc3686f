import { registerBuiltInAdapters } from '../../adapters/index.js';
import { startBrokerSimulator, type BrokerSimulator } from '../../host-example/simulators/brokerSimulator.js';
import { applicationManifest } from '../applications/support/fixtures.js';
import { BROKER_SECRET } from '../callbacks/callbackSupport.js';
import { SHARED_FIXTURES } from '../support/sharedFixtures.js';
import { createHarness, type Harness } from '../support/harness.js';
import type { Clock } from '../../plugin/kernel/Clock.js';
import type { CreateLendwireOptions } from '../../plugin/index.js';

export const SCHEMA = 'lendwire';

/** A clock tests move forward by hand (the broker's webhooks carry real time, so move it back before posting one). */
export class TestClock implements Clock {
  offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}

/** A dealer's journey request for the broker lender `sunhaven`. */
export function journeyRequest(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    lenderId: 'sunhaven',
    dealerId: 'dealer-1',
    externalRef: 'SOLAR-1001',
    journey: {
      applicant: { firstName: 'Aisha', lastName: 'Rahman', email: 'aisha@example.com', mobilePhone: '+447700900123' },
      project: { value: 14000, deposit: 1500, product: 'panels_battery' },
    },
    ...overrides,
  };
}

export interface BrokerRig {
  h: Harness;
  broker: BrokerSimulator;
  clock: TestClock;
  /** The manifest lendwire runs with (for a second worker process). */
  manifest: Record<string, unknown>;
}

/** lendwire with the `sunhaven` broker lender pointed at a real broker simulator on 127.0.0.1, and a hand-driven clock. */
export async function brokerRig(
  options: { answerDelayMs?: number; timeoutMs?: number; manifest?: Record<string, unknown>; start?: boolean; submissions?: CreateLendwireOptions['submissions'] } = {},
): Promise<BrokerRig> {
  const broker = await startBrokerSimulator({ secret: BROKER_SECRET, autoOutcome: false, answerDelayMs: options.answerDelayMs, retailerName: 'Sunhaven Solar' });
  const clock = new TestClock();
  const base = applicationManifest({}, options.manifest ?? {});
  const lenders = [
    ...(base.lenders as Record<string, unknown>[]),
    {
      id: 'sunhaven',
      adapter: 'broker',
      name: 'Sunhaven Solar',
      submission: { url: broker.url, timeoutMs: options.timeoutMs ?? 2000 },
      callbacks: { secret: { file: `${SHARED_FIXTURES}/broker/SECRET` } },
      options: { retailerId: 'RET-42' },
    },
  ];
  const manifest = { ...base, lenders };
  const h = await createHarness({ manifest, register: registerBuiltInAdapters, start: options.start, extra: { clock, ...(options.submissions ? { submissions: options.submissions } : {}) } });
  broker.setCallbackUrl(`${h.url}/callbacks/sunhaven`);
  return { h, broker, clock, manifest };
}

/** The outbox events of one application, oldest first. */
export async function eventsOf(h: Harness, applicationId: string, type?: string): Promise<{ type: string; payload: Record<string, unknown> }[]> {
  const q = h.db.knex.withSchema(SCHEMA).table('outbox').where({ application_id: applicationId }).orderBy('id').select('type', 'payload');
  if (type) q.where({ type });
  return (await q) as { type: string; payload: Record<string, unknown> }[];
}
