import { APPLICATION_STATUSES } from '../../sdk/statuses.js';

const str = { type: 'string' };
const nstr = { type: ['string', 'null'] };
const time = { type: 'string', format: 'date-time' };
const ntime = { type: ['string', 'null'], format: 'date-time' };
const int = { type: 'integer' };
const nint = { type: ['integer', 'null'] };
const obj = (properties: Record<string, unknown>, required: string[] = []) => ({ type: 'object', properties, ...(required.length ? { required } : {}) });
const pageOf = (ref: string) => obj({ items: { type: 'array', items: { $ref: `#/components/schemas/${ref}` } }, nextCursor: { ...nstr, description: 'Pass as `cursor` for the next page; null on the last page.' } }, ['items', 'nextCursor']);

/**
 * The answers' schemas of the OpenAPI document, written here (the answers are built in
 * code, no validator compiles them); test/admin/openapi.test.ts checks real answers
 * against them. Request schemas come from the validators' own (embedJsonSchemas).
 */
export const answerSchemas: Record<string, unknown> = {
  Problem: {
    type: 'object',
    description: 'RFC 9457 problem details. No stack traces, no personal data.',
    required: ['type', 'title', 'status'],
    properties: {
      type: str,
      title: str,
      status: int,
      detail: str,
      errors: { type: 'array', items: obj({ path: { type: 'string', description: 'JSON Pointer of the failing field' }, message: str }, ['path', 'message']) },
    },
  },
  ApplicationStatus: { type: 'string', enum: [...APPLICATION_STATUSES] },
  AdverseActionSent: obj({ id: str, adverseActionSentAt: time }, ['id', 'adverseActionSentAt']),
  SubmitApplicationAccepted: obj(
    { id: str, status: { const: 'queued' }, lenderId: str, dealerId: str, externalRef: nstr, createdAt: time, links: obj({ self: str, timeline: str }) },
    ['id', 'status'],
  ),
  ApplicationSummary: obj(
    {
      id: str,
      dealerId: str,
      lenderId: str,
      externalRef: nstr,
      status: { $ref: '#/components/schemas/ApplicationStatus' },
      lenderStatus: nstr,
      lenderAppId: nstr,
      lenderAppNo: nstr,
      createdAt: time,
      updatedAt: time,
    },
    ['id', 'dealerId', 'lenderId', 'status', 'createdAt', 'updatedAt'],
  ),
  ApplicationDetail: {
    allOf: [
      { $ref: '#/components/schemas/ApplicationSummary' },
      obj({
        decision: { type: ['object', 'null'] },
        stipulations: { type: ['object', 'null'] },
        booked: { type: ['object', 'null'] },
        decline: { type: ['object', 'null'] },
        adverseActionDueAt: ntime,
        version: int,
        kind: { enum: ['credit_application', 'customer_journey'] },
        application: { type: 'object', description: 'The application as submitted, SSN / DOB / income masked (e.g. `***-**-6789`); credit applications only.' },
        journey: { type: 'object', description: 'The customer journey as opened with a broker; journeys only.' },
      }),
    ],
  },
  ApplicationPage: pageOf('ApplicationSummary'),
  Timeline: obj(
    {
      id: str,
      status: str,
      entries: {
        type: 'array',
        items: obj({ at: time, kind: { type: 'string', enum: ['submission', 'callback', 'transition', 'delivery', 'crm_sync'] } }, ['at', 'kind']),
      },
    },
    ['id', 'entries'],
  ),
  PiiReveal: obj(
    {
      applicationId: str,
      revealedAt: time,
      pii: { type: 'object', description: 'Unmasked SSN, date of birth and income per person. The access is written to the audit log.' },
    },
    ['applicationId', 'pii', 'revealedAt'],
  ),
  CallbackReceived: obj({ received: { const: true }, id: str }, ['received']),
  Delivery: obj(
    {
      id: str,
      eventId: str,
      eventType: str,
      applicationId: nstr,
      targetKind: { type: 'string', enum: ['subscription', 'crm'] },
      targetId: str,
      status: { type: 'string', enum: ['pending', 'delivering', 'paused', 'succeeded', 'failed', 'dead_lettered'] },
      attempts: int,
      replays: int,
      nextAttemptAt: ntime,
      lastErrorCode: nstr,
      lastError: nstr,
      createdAt: time,
      updatedAt: time,
      completedAt: ntime,
    },
    ['id', 'eventId', 'eventType', 'targetKind', 'targetId', 'status', 'attempts'],
  ),
  DeliveryDetail: {
    allOf: [
      { $ref: '#/components/schemas/Delivery' },
      obj({
        attemptLog: {
          type: 'array',
          items: obj({ attempt: int, startedAt: time, durationMs: int, statusCode: nint, errorCode: nstr, errorMessage: nstr, responseExcerpt: nstr }),
        },
      }),
    ],
  },
  DeliveryPage: pageOf('Delivery'),
  ReplayResult: obj({ deliveryId: str, replayed: { type: 'boolean' }, status: str, note: str }, ['deliveryId', 'replayed', 'status']),
  BulkReplayRequest: {
    oneOf: [
      obj({ deliveryIds: { type: 'array', minItems: 1, maxItems: 100, items: str } }, ['deliveryIds']),
      obj(
        {
          targetKind: { type: 'string', default: 'subscription' },
          targetId: str,
          since: time,
          confirm: { type: 'boolean', description: 'Without `true` the answer only says how many would be replayed.' },
        },
        ['targetId', 'since'],
      ),
    ],
  },
  BulkReplayResult: obj({
    dryRun: { type: 'boolean' },
    matching: int,
    willReplay: int,
    limit: int,
    replayed: int,
    deliveryIds: { type: 'array', items: str },
    more: { type: 'boolean' },
    results: { type: 'array', items: { $ref: '#/components/schemas/ReplayResult' } },
  }),
  ResendResult: obj({ eventId: str, deliveryIds: { type: 'array', items: str } }, ['eventId', 'deliveryIds']),
  StoredCallback: obj(
    {
      id: str,
      lenderId: str,
      receivedAt: time,
      contentType: nstr,
      parseStatus: { type: ['string', 'null'], enum: ['parsed', 'partial', 'unparseable', null] },
      parseReason: nstr,
      processStatus: nstr,
      processDetail: nstr,
      applicationId: nstr,
      processCount: int,
      bodyBytes: int,
      bodyPreview: str,
    },
    ['id', 'lenderId'],
  ),
  CallbackPage: pageOf('StoredCallback'),
  ProcessOutcome: obj({ id: str, lenderId: str, parseStatus: nstr, parseReason: nstr, processStatus: str, processDetail: nstr, applicationId: nstr, processCount: int }, ['id', 'processStatus']),
  ReprocessBulkRequest: obj({ lenderId: str, since: time, confirm: { type: 'boolean' } }, ['lenderId', 'since']),
  ReprocessBulkResult: obj({ dryRun: { type: 'boolean' }, matching: int, limit: int, reprocessed: int, outcomes: { type: 'array', items: { $ref: '#/components/schemas/ProcessOutcome' } } }),
  Subscription: obj(
    {
      id: str,
      source: { type: 'string', enum: ['manifest', 'api'] },
      url: { type: 'string', format: 'uri' },
      events: { type: 'array', items: str },
      transport: str,
      transportSettings: { type: 'object', additionalProperties: true, description: 'The transport\'s settings (sftp, batch-file); secrets appear only as { env } / { file } references.' },
      signature: { type: 'string', description: 'Name of the registered signature scheme deliveries are signed with.' },
      rateLimit: obj({ perSecond: { type: 'number' }, burst: int }),
      retrySchedule: { type: ['array', 'null'], items: str },
      timeoutMs: int,
      enabled: { type: 'boolean' },
      disabledReason: nstr,
      disabledAt: ntime,
      previousSecretValidUntil: ntime,
      createdAt: time,
      updatedAt: time,
    },
    ['id', 'url', 'events', 'enabled'],
  ),
  SubscriptionCreated: obj({ subscription: { $ref: '#/components/schemas/Subscription' }, secret: { type: 'string', description: 'Shown once.' } }, ['subscription', 'secret']),
  SecretRotated: obj({ secret: str, previousSecretValidUntil: time }, ['secret', 'previousSecretValidUntil']),
  TestEventSent: obj({ deliveryId: str, eventId: str }, ['deliveryId', 'eventId']),
  ReviewResolution: {
    oneOf: [
      obj({ resolution: { const: 'submitted', description: 'The lender has it (checked in its portal).' }, lenderAppId: { type: 'string', minLength: 1, maxLength: 100 }, note: { type: 'string', maxLength: 500 } }, ['resolution', 'lenderAppId']),
      obj({ resolution: { const: 'resubmit', description: 'The lender does not have it: send it again.' }, note: { type: 'string', maxLength: 500 } }, ['resolution']),
      obj({ resolution: { const: 'failed', description: 'Give up; the dealer sees the reason.' }, reason: { type: 'string', minLength: 1, maxLength: 1000 }, note: { type: 'string', maxLength: 500 } }, ['resolution', 'reason']),
    ],
  },
  ReviewResult: obj({ id: str, status: { $ref: '#/components/schemas/ApplicationStatus' } }, ['id', 'status']),
  CrmTarget: obj(
    {
      id: str,
      adapter: str,
      enabledInManifest: { type: 'boolean' },
      paused: { type: ['object', 'null'], properties: { reason: str, since: time }, required: ['reason', 'since'], description: 'Set while the delivery engine keeps the target paused (revoked credentials, rejected configuration).' },
      events: { type: 'array', items: str },
      pausedDeliveries: { ...int, description: 'Deliveries waiting for the target to be resumed.' },
    },
    ['id', 'adapter', 'enabledInManifest', 'paused', 'events', 'pausedDeliveries'],
  ),
  CrmTargetList: obj({ items: { type: 'array', items: { $ref: '#/components/schemas/CrmTarget' } } }, ['items']),
  AuditEntry: obj({ id: str, at: time, actor: str, action: str, targetType: nstr, targetId: nstr, details: { type: ['object', 'null'] } }, ['id', 'at', 'actor', 'action']),
  AuditPage: pageOf('AuditEntry'),
  Overview: obj(
    {
      at: time,
      windowMinutes: int,
      callbacks: obj({ perMinuteByResult: { type: 'object', additionalProperties: { type: 'number' } }, successRate: { type: ['number', 'null'] }, reviewQueue: int, orphaned: int }),
      deliveries: obj({ perMinute: obj({ succeeded: { type: 'number' }, failed: { type: 'number' } }), pending: int, deadLetters: int, outboxLagSeconds: int }),
      applications: obj({ byStatus: { type: 'object', additionalProperties: int } }),
    },
    ['at', 'callbacks', 'deliveries', 'applications'],
  ),
  Me: obj({ userId: str, roles: { type: 'array', items: str }, dealerIds: { type: ['array', 'null'], items: str }, capabilities: { type: 'array', items: str }, canRevealPii: { type: 'boolean' } }),
  Health: obj({ status: { type: 'string', enum: ['ok', 'unavailable'] }, checks: { type: 'object' } }, ['status', 'checks']),
};
