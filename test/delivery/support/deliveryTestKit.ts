import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { appendEvent } from '../../../plugin/events/appendEvent.js';
import { webhookTransport } from '../../../adapters/transports/webhook/index.js';
import type { Lendwire } from '../../../plugin/index.js';
import { testManifest } from '../../support/testManifest.js';

export { sleep, waitFor } from '../../support/waitFor.js';

/** Env var names holding the test encryption key and a manifest subscription secret. */
export const ENCRYPTION_ENV = 'LW_DELIVERY_TEST_KEY';
export const SECRET_ENV = 'LW_DELIVERY_TEST_SECRET';
process.env[ENCRYPTION_ENV] ??= randomBytes(32).toString('base64');
process.env[SECRET_ENV] ??= `whsec_${randomBytes(32).toString('base64')}`;

export const manifestSecret = (): string => process.env[SECRET_ENV]!;

/** A manifest with scaled-down delivery timings, encryption for API secrets, and 127.0.0.1 allowlisted. */
export function deliveryManifest(overrides: { subscriptions?: unknown[]; delivery?: Record<string, unknown>; security?: Record<string, unknown> } = {}): Record<string, unknown> {
  return testManifest({
    subscriptions: overrides.subscriptions ?? [],
    security: {
      allowInsecureHttp: true,
      ssrfAllowlist: ['127.0.0.1/32'],
      encryption: { activeKeyId: 'k1', keys: { k1: { env: ENCRYPTION_ENV } } },
      ...overrides.security,
    },
    delivery: {
      retrySchedule: ['50ms', '50ms', '50ms'],
      relayPollInterval: '200ms',
      reconcileInterval: '500ms',
      stalledJobTimeout: '2s',
      ...overrides.delivery,
    },
  });
}

/** A manifest subscription to `url` signed with the test secret. */
export function subscription(id: string, url: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { id, url, events: ['application.*'], secret: { env: SECRET_ENV }, ...extra };
}

export const registerWebhook = (lw: Lendwire): void => lw.registerTransport(webhookTransport);

/** Writes an outbox event the way features do (in a transaction); returns its webhook id. */
export async function emit(knex: Knex, type = 'application.status_changed', data: Record<string, unknown> = { applicationId: 'app_1', status: 'approved' }): Promise<string> {
  return knex.transaction(async (trx) => (await appendEvent(trx, 'lendwire', { type, applicationId: String(data.applicationId ?? 'app_1'), dealerId: 'dealer-1', data })).eventId);
}

/**
 * Writes `count` events in one transaction (the relay fans them out in one pass), then runs
 * `alsoInIt` in the same transaction; returns their webhook ids.
 */
export async function emitTogether(knex: Knex, type: string, count: number, alsoInIt?: (trx: Knex.Transaction, ids: string[]) => Promise<unknown>): Promise<string[]> {
  return knex.transaction(async (trx) => {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) ids.push((await appendEvent(trx, 'lendwire', { type, applicationId: `app_${type}_${i}`, dealerId: 'dealer-1', data: { n: i } })).eventId);
    await alsoInIt?.(trx, ids);
    return ids;
  });
}

/** A database row as the tests read it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Row = Record<string, any>;

export async function deliveriesOf(knex: Knex, targetId?: string): Promise<Row[]> {
  const q = knex.withSchema('lendwire').table('deliveries').select('*').orderBy('created_at');
  if (targetId) q.where({ target_id: targetId });
  return q;
}

export async function attemptsOf(knex: Knex, deliveryId: string): Promise<Row[]> {
  return knex.withSchema('lendwire').table('delivery_attempts').where({ delivery_id: deliveryId }).orderBy('id');
}

/** The error a promise rejects with (fails when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected the promise to reject, but it resolved');
}
