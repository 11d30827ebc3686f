import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { ulid } from 'ulid';
import { bearerAuth, createHarness, TEST_USERS, type Harness } from '../support/harness.js';
import { testManifest } from '../support/testManifest.js';
import type { Principal } from '../../plugin/index.js';
import { apptrakerAdapter } from '../../adapters/lenders/apptraker/index.js';
import { webhookTransport } from '../../adapters/transports/webhook/index.js';
import { registerBuiltInAdapters } from '../../adapters/index.js';
import { Sealer } from '../../plugin/security/Sealer.js';

export const ADMIN_TEST_USERS: Record<string, Principal> = {
  ...TEST_USERS,
  'auditor-token': { userId: 'u-auditor', dealerIds: [], roles: ['viewer'], permissions: ['pii:reveal'] },
  'nobody-token': { userId: 'u-nobody', dealerIds: ['dealer-1'], roles: ['mechanic'] },
};
export const adminAuth = bearerAuth(ADMIN_TEST_USERS);

export const WEBHOOK_SECRET = 'whsec_' + randomBytes(32).toString('base64');

/** A manifest with PII encryption, an appTRAKER lender and (optionally) one webhook subscription. */
export function adminManifest(receiverUrl?: string): Record<string, unknown> {
  process.env.LW_ADMIN_TEST_PII_KEY ??= randomBytes(32).toString('hex');
  process.env.LW_ADMIN_TEST_WEBHOOK_SECRET = WEBHOOK_SECRET;
  process.env.LW_ADMIN_TEST_CALLBACK_KEY = 'callback-key-1';
  process.env.LW_ADMIN_TEST_API_KEY = 'api-key-1';
  return testManifest({
    lenders: [
      {
        id: 'westlake',
        adapter: 'apptraker',
        submission: { url: 'http://127.0.0.1:9/api/applications', timeoutMs: 2000 },
        credentials: { apiKey: { env: 'LW_ADMIN_TEST_API_KEY' } },
        callbacks: { apiKey: { env: 'LW_ADMIN_TEST_CALLBACK_KEY' } },
      },
    ],
    subscriptions: receiverUrl
      ? [{ id: 'partner', url: receiverUrl, events: ['application.*'], secret: { env: 'LW_ADMIN_TEST_WEBHOOK_SECRET' }, retry: { schedule: ['1s'] } }]
      : [],
    security: {
      allowInsecureHttp: true,
      ssrfAllowlist: ['127.0.0.1/32'],
      encryption: { activeKeyId: 'k1', keys: { k1: { env: 'LW_ADMIN_TEST_PII_KEY' } } },
    },
  });
}

/** A sealer with the same key as the manifest above (the plugin's own is not exported). */
export function testSealer(): Sealer {
  return new Sealer({ k1: process.env.LW_ADMIN_TEST_PII_KEY! }, 'k1');
}

export interface SeededApplication {
  id: string;
  dealerId: string;
}

/** Inserts an application row as the submission path would leave it (PII sealed apart). */
export async function seedApplication(
  knex: Knex,
  sealer: Sealer,
  values: { dealerId?: string; status?: string; externalRef?: string; appNo?: string; createdAt?: Date } = {},
): Promise<SeededApplication> {
  const id = `app_${ulid()}`;
  const dealerId = values.dealerId ?? 'dealer-1';
  const pii = { applicant: { ssn: '123-45-6789', dateOfBirth: '1988-04-12', grossMonthlyIncome: 6800 } };
  await knex
    .withSchema('lendwire')
    .table('applications')
    .insert({
      id,
      dealer_id: dealerId,
      lender_id: 'westlake',
      external_ref: values.externalRef ?? null,
      status: values.status ?? 'submitted',
      lender_app_no: values.appNo ?? null,
      application: JSON.stringify({ applicant: { firstName: 'Aisha', lastName: 'Rahman', employment: { employerName: 'NTMC' } } }),
      pii: sealer.seal(JSON.stringify(pii)),
      pii_key_id: 'k1',
      created_at: values.createdAt ?? new Date(),
      updated_at: values.createdAt ?? new Date(),
    });
  return { id, dealerId };
}

/** An outbox event and a delivery row for it, in the given state. */
export async function seedDelivery(knex: Knex, app: SeededApplication, values: { status: string; targetKind?: string; targetId?: string; completedAt?: Date }): Promise<string> {
  const eventId = `msg_${ulid()}`;
  const [outbox] = await knex
    .withSchema('lendwire')
    .table('outbox')
    .insert({
      event_id: eventId,
      type: 'application.status_changed',
      application_id: app.id,
      dealer_id: app.dealerId,
      payload: JSON.stringify({ applicationId: app.id, dealerId: app.dealerId, previousStatus: 'pending', status: 'approved' }),
      relayed_at: new Date(),
    })
    .returning(['id']);
  const id = `dlv_${ulid()}`;
  const finished = ['succeeded', 'failed', 'dead_lettered'].includes(values.status);
  await knex
    .withSchema('lendwire')
    .table('deliveries')
    .insert({
      id,
      outbox_id: outbox.id,
      event_id: eventId,
      event_type: 'application.status_changed',
      application_id: app.id,
      target_kind: values.targetKind ?? 'subscription',
      target_id: values.targetId ?? 'partner',
      status: values.status,
      attempts: finished ? 2 : 0,
      last_error_code: values.status === 'dead_lettered' ? 'E_HTTP_5XX' : null,
      completed_at: finished ? (values.completedAt ?? new Date()) : null,
    });
  if (finished) {
    await knex
      .withSchema('lendwire')
      .table('delivery_attempts')
      .insert({ delivery_id: id, attempt: 1, started_at: new Date(), duration_ms: 12, status_code: values.status === 'succeeded' ? 200 : 503, error_code: values.status === 'succeeded' ? null : 'E_HTTP_5XX' });
  }
  return id;
}

export { waitFor } from '../support/waitFor.js';

/** A harness on adminManifest (plus `overrides`), with the appTRAKER adapter, the webhook transport and the admin test users. */
export function createAdminHarness(receiverUrl?: string, overrides: Record<string, unknown> = {}): Promise<Harness> {
  return createHarness({
    manifest: { ...adminManifest(receiverUrl), ...overrides },
    register: (lw) => {
      lw.registerLenderAdapter(apptrakerAdapter);
      lw.registerTransport(webhookTransport);
    },
    extra: { auth: adminAuth },
  });
}

/**
 * A harness with every built-in adapter and one HubSpot CRM target `targetId`
 * (token read from env `tokenEnv`, set here), for pausing and resuming it.
 */
export function createHubspotTargetHarness(targetId: string, tokenEnv: string, target: Record<string, unknown> = {}): Promise<Harness> {
  process.env[tokenEnv] = `pat-na1-${targetId}`;
  return createHarness({
    manifest: {
      ...adminManifest(),
      crm: [
        {
          id: targetId,
          adapter: 'hubspot',
          credentials: { accessToken: { env: tokenEnv } },
          link: { property: 'lendwire_application_id' },
          stages: { funded: 'closedwon' },
          retry: { schedule: ['100ms'] },
          ...target,
        },
      ],
    },
    register: registerBuiltInAdapters,
    extra: { auth: adminAuth },
  });
}
