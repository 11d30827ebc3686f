import type { EventType } from '../../events/eventTypes.js';

type JsonSchema = Record<string, unknown>;

/** How the OpenAPI document describes one outbound event type. */
export interface WebhookEventDoc {
  /** One line: when it is sent. */
  summary: string;
  /** The `data` of the envelope (extra fields may appear: receivers should ignore what they do not know). */
  data: JsonSchema;
  /** A realistic `data`, checked against `data` by test/admin/openapiWebhooks.test.ts. */
  example: Record<string, unknown>;
}

const str = { type: 'string' };
const nstr = { type: ['string', 'null'] };
const time = { type: 'string', format: 'date-time' };
const ntime = { type: ['string', 'null'], format: 'date-time' };
const int = { type: 'integer' };
const status = { $ref: '#/components/schemas/ApplicationStatus' };
const facts = {
  terms: { type: 'object', description: 'Decision terms (APR, term, amount, payment) where the lender gave them.' },
  stipulations: { type: 'object', description: '`decision` and `verification` stipulation lists.' },
  booked: { type: 'object', description: 'Booking / funding details.' },
  decline: { type: 'object', description: 'Decline reasons, credit bureau, `declinedAt`, `adverseActionDueAt`.' },
};
/** An event's data: the listed fields, and maybe more (a receiver ignores what it does not know). */
const data = (properties: Record<string, unknown>, required: string[]): JsonSchema => ({ type: 'object', properties, required, additionalProperties: true });

const APP = 'app_01JD3K9V6Q8T2M4N5P7R9S1W3X';
const AT = '2026-11-20T15:04:05.000Z';
/** Fields every application event carries. */
const ofApplication = { applicationId: { ...str, description: 'Our id (`app_<ulid>`).' }, dealerId: str };
/** Fields of the reactivation playbook's events (a quiet broker journey). */
const reactivation = {
  ...ofApplication,
  lenderId: str,
  externalRef: nstr,
  status,
  sessionId: { ...nstr, description: "The broker's session id." },
  step: { ...str, description: 'The playbook step (`reminder`, `call`, `stale` by default).' },
  after: { ...str, description: 'How long quiet before this step, e.g. `48h`.' },
  quietSince: time,
  quietSeconds: int,
  url: { ...nstr, description: 'The customer link.' },
};
const reactivationRequired = ['applicationId', 'dealerId', 'lenderId', 'status', 'step', 'after', 'quietSince', 'quietSeconds'];
const reactivationExample = { applicationId: APP, dealerId: 'dealer-1', lenderId: 'broker', externalRef: 'LEAD-12', status: 'received', sessionId: 'sess_42', quietSince: AT, url: 'https://broker.example.com/c/abc' };
const transition = {
  ...ofApplication,
  previousStatus: { oneOf: [status, { type: 'null' }], description: 'null for the first status (`queued`).' },
  status,
  lenderStatus: { ...nstr, description: "The lender's own status text." },
  reason: { ...str, description: 'Why, in words (SSN-like numbers removed).' },
  lenderId: str,
  externalRef: { ...nstr, description: "The host's own id." },
  lenderAppId: nstr,
  lenderAppNo: nstr,
  vendorAt: ntime,
  rawCallbackId: { ...int, description: 'The stored callback that caused it.' },
  ...facts,
};
const transitionRequired = ['applicationId', 'dealerId', 'previousStatus', 'status', 'lenderStatus'];
const target = { targetKind: { type: 'string', enum: ['subscription', 'crm'] }, targetId: str };
/** An alert's fields; which details come with it depends on `alert`. */
const alertFields = {
  alert: { type: 'string', enum: ['callback_success_rate', 'vendor_latency', 'backlog', 'dead_letter', 'callback_failed'] },
  key: { ...str, description: 'The alert and what it is about, e.g. `backlog:subscription:crm-bridge`.' },
  message: str,
  at: time,
  count: { ...int, description: '`dead_letter`, `callback_failed`: how many new ones.' },
  deliveryIds: { type: 'array', items: str },
  rawCallbackIds: { type: 'array', items: { type: ['integer', 'string'] } },
  successRate: { type: 'number' },
  processed: int,
  windowMinutes: int,
  lenderId: str,
  p95Ms: { type: 'number' },
  submissions: int,
  thresholdMs: { type: 'number' },
  ...target,
  pending: int,
  threshold: { type: 'number' },
};
const noticeCore = { ...ofApplication, lenderId: str, rawCallbackId: int, sessionId: { ...str, description: "The broker's session id." } };

/**
 * Every event type lendwire sends, as the OpenAPI `webhooks` section shows it:
 * keyed by EventType, so a type added to EVENT_TYPES without a description does not compile.
 */
export const WEBHOOK_EVENTS: Record<EventType, WebhookEventDoc> = {
  'application.status_changed': {
    summary: 'An application changed status (including the first, to `queued`) and no more specific type applies',
    data: data(transition, transitionRequired),
    example: { applicationId: APP, dealerId: 'dealer-1', previousStatus: 'received', status: 'approved', lenderStatus: 'APPROVED', lenderId: 'westlake', lenderAppNo: 'A-100234', vendorAt: AT, rawCallbackId: 812, terms: { apr: 7.49, termMonths: 72, amountFinanced: 21529.69 } },
  },
  'application.submitted': {
    summary: "The lender accepted the application (or its lookup found it after an unknown outcome: `reconciled: true`)",
    data: data({ ...transition, reconciled: { type: 'boolean' }, resolvedBy: { const: 'operator', description: 'Settled by an operator from the review queue.' } }, [...transitionRequired, 'lenderId', 'lenderAppId']),
    example: { applicationId: APP, dealerId: 'dealer-1', previousStatus: 'submitting', status: 'submitted', lenderStatus: 'RECEIVED', lenderId: 'westlake', lenderAppId: 'AT-778812', externalRef: 'LEAD-9' },
  },
  'application.submission_failed': {
    summary: 'The lender refused the application, or every attempt failed before reaching it',
    data: data({ ...transition, code: { ...str, description: 'e.g. `E_HTTP_4XX`, `E_TIMEOUT`, `E_OPERATOR`.' }, statusCode: { type: ['integer', 'null'] } }, [...transitionRequired, 'lenderId', 'code']),
    example: { applicationId: APP, dealerId: 'dealer-1', previousStatus: 'submitting', status: 'submission_failed', lenderStatus: null, reason: 'dealer not enrolled with this lender', lenderId: 'westlake', code: 'E_HTTP_4XX', statusCode: 422, externalRef: 'LEAD-9' },
  },
  'application.linked': {
    summary: 'Stage 1: the lender gave its application number',
    data: data({ ...ofApplication, lenderId: str, lenderAppId: nstr, lenderAppNo: str, linkedAt: time, rawCallbackId: int }, ['applicationId', 'dealerId', 'lenderId', 'lenderAppNo', 'linkedAt', 'rawCallbackId']),
    example: { applicationId: APP, dealerId: 'dealer-1', lenderId: 'westlake', lenderAppId: 'AT-778812', lenderAppNo: 'A-100234', linkedAt: AT, rawCallbackId: 811 },
  },
  'application.updated': {
    summary: 'New facts from a callback (terms, stipulations, booking, decline details) without a status change',
    data: data({ ...ofApplication, status, lenderStatus: nstr, changed: { type: 'array', items: str, description: 'Which blocks changed.' }, lenderId: str, lenderAppNo: nstr, vendorAt: ntime, rawCallbackId: int, ...facts }, ['applicationId', 'dealerId', 'status', 'changed']),
    example: { applicationId: APP, dealerId: 'dealer-1', status: 'conditioned', lenderStatus: 'CONDITIONED', changed: ['stipulations'], lenderId: 'westlake', lenderAppNo: 'A-100234', vendorAt: AT, rawCallbackId: 813, stipulations: { decision: ['proof of income'] } },
  },
  'application.idle': {
    summary: 'Unchanged for a threshold (24h, 72h, 7d by default), once per threshold per quiet spell',
    data: data({ ...ofApplication, lenderId: str, externalRef: nstr, status, lenderStatus: nstr, threshold: { ...str, description: 'e.g. `24h`.' }, idleSince: time, idleSeconds: int }, ['applicationId', 'dealerId', 'status', 'threshold', 'idleSince', 'idleSeconds']),
    example: { applicationId: APP, dealerId: 'dealer-1', lenderId: 'westlake', externalRef: 'LEAD-9', status: 'submitted', lenderStatus: 'RECEIVED', threshold: '24h', idleSince: AT, idleSeconds: 86460 },
  },
  'application.reactivation_due': {
    summary: "A broker journey has been quiet past the playbook's call step (5d by default): a CRM phone-call task, once per quiet spell",
    data: data({ ...reactivation }, reactivationRequired),
    example: { ...reactivationExample, step: 'call', after: '5d', quietSeconds: 432000 },
  },
  'application.stale': {
    summary: "A broker journey has been quiet past the playbook's last step (14d by default), once per quiet spell",
    data: data({ ...reactivation }, reactivationRequired),
    example: { ...reactivationExample, step: 'stale', after: '14d', quietSeconds: 1209600 },
  },
  'customer_link.reminder_due': {
    summary: "A broker journey has been quiet past the playbook's reminder step (48h by default): re-send the same customer link by SMS, once per quiet spell",
    data: data({ ...reactivation, sms: { type: ['object', 'null'], properties: { to: nstr, text: nstr } } }, reactivationRequired),
    example: { ...reactivationExample, step: 'reminder', after: '48h', quietSeconds: 172800, sms: { to: '+12145550148', text: 'Hi Aisha, finish your finance application with Lone Star Motors: https://broker.example.com/c/abc' } },
  },
  'application.adverse_action_due': {
    summary: "A declined application's adverse-action notice falls due soon (compliance.adverseActionReminderDays before, 5 by default), once per due date",
    data: data({ ...ofApplication, lenderId: str, externalRef: nstr, status, dueAt: time, daysLeft: int }, ['applicationId', 'dealerId', 'lenderId', 'status', 'dueAt', 'daysLeft']),
    example: { applicationId: APP, dealerId: 'dealer-1', lenderId: 'westlake', externalRef: 'LEAD-9', status: 'declined', dueAt: AT, daysLeft: 5 },
  },
  'case.outcome': {
    summary: "A broker's case outcome (decision, selected offer, project, audit link)",
    data: data(
      {
        ...noticeCore,
        outcome: nstr,
        status: { oneOf: [status, { type: 'null' }] },
        selectedOffer: { type: 'object', properties: { apr: { type: ['number', 'null'] }, payment: { type: ['number', 'null'] }, totalPayable: { type: ['number', 'null'] } } },
        suggestedActions: { type: 'array', items: str },
        reason: str,
        project: { type: 'object' },
        auditUrl: nstr,
      },
      ['applicationId', 'dealerId', 'lenderId', 'sessionId', 'outcome'],
    ),
    example: { applicationId: APP, dealerId: 'dealer-1', lenderId: 'broker', rawCallbackId: 820, sessionId: 'sess_42', outcome: 'approved', status: 'approved', selectedOffer: { apr: 9.9, payment: 212.5, totalPayable: 12750 }, auditUrl: 'https://broker.example.com/audit/sess_42' },
  },
  'customer_link.ready': {
    summary: "A broker's customer link is ready, with the SMS text the host's SMS pipeline sends",
    data: data({ ...noticeCore, url: str, sms: { type: 'object', properties: { to: nstr, text: nstr, missingPlaceholders: { type: 'array', items: str } } } }, ['applicationId', 'dealerId', 'lenderId', 'sessionId', 'url', 'sms']),
    example: { applicationId: APP, dealerId: 'dealer-1', lenderId: 'broker', rawCallbackId: 821, sessionId: 'sess_42', url: 'https://broker.example.com/c/abc', sms: { to: '+12145550148', text: 'Hi Aisha, finish your finance application with Lone Star Motors: https://broker.example.com/c/abc' } },
  },
  'callback.unparseable': {
    summary: 'The first time a stored callback cannot be parsed (it waits in the review queue)',
    data: data({ rawCallbackId: int, lenderId: str, receivedAt: time, reason: str }, ['rawCallbackId', 'lenderId', 'receivedAt', 'reason']),
    example: { rawCallbackId: 830, lenderId: 'westlake', receivedAt: AT, reason: 'body is not JSON' },
  },
  'delivery.dead_lettered': {
    summary: "A delivery's last attempt failed, or it failed permanently",
    data: data(
      { deliveryId: str, eventId: str, eventType: str, applicationId: nstr, ...target, attempts: int, lastErrorCode: nstr, lastError: nstr, permanent: { type: 'boolean' } },
      ['deliveryId', 'eventId', 'eventType', 'targetKind', 'targetId', 'attempts'],
    ),
    example: { deliveryId: 'dlv_01JD3KA0C2E4G6J8K0M2N4P6Q8', eventId: 'msg_01JD3K9W0A2B4C6D8E0F2G4H6J', eventType: 'application.status_changed', applicationId: APP, targetKind: 'subscription', targetId: 'crm-bridge', attempts: 10, lastErrorCode: 'E_HTTP_5XX', lastError: '503 Service Unavailable', permanent: false },
  },
  'endpoint.disabled': {
    summary: 'An endpoint answered `410 Gone`, or kept failing for `circuitBreaker.disableAfter`; its deliveries wait',
    data: data({ ...target, reason: str, lastErrorCode: nstr, failingSince: ntime }, ['targetKind', 'targetId', 'reason']),
    example: { targetKind: 'subscription', targetId: 'crm-bridge', reason: 'failing for 24h', lastErrorCode: 'E_CONNECT', failingSince: AT },
  },
  'endpoint.backlog_exceeded': {
    summary: 'More than the backlog threshold waiting for one endpoint, once per crossing',
    data: data({ ...target, pending: int, threshold: int }, ['targetKind', 'targetId', 'pending', 'threshold']),
    example: { targetKind: 'crm', targetId: 'hubspot-main', pending: 1204, threshold: 1000 },
  },
  'alert.raised': {
    summary: 'An operations alert crossed its threshold (callback success rate, vendor latency, backlog, dead letters, failed callbacks)',
    data: data(alertFields, ['alert', 'key', 'message', 'at']),
    example: { alert: 'callback_success_rate', key: 'callback_success_rate', message: 'callback success rate 91% < 95% over 15 min', at: AT, successRate: 0.91, processed: 220, threshold: 0.95, windowMinutes: 15 },
  },
  'alert.resolved': {
    summary: 'An operations alert is back under its threshold',
    data: data(alertFields, ['alert', 'key', 'message', 'at']),
    example: { alert: 'backlog', key: 'backlog:subscription:crm-bridge', message: 'backlog of subscription crm-bridge back under 1000', at: AT, targetKind: 'subscription', targetId: 'crm-bridge', pending: 12, threshold: 1000 },
  },
  'webhook.test': {
    summary: 'Sent by `POST /admin/api/subscriptions/{id}/test`, to that subscription only',
    data: data({ subscriptionId: str, message: str, requestedBy: str }, ['subscriptionId', 'message', 'requestedBy']),
    example: { subscriptionId: 'crm-bridge', message: 'Test event sent from lendwire', requestedBy: 'ops-admin' },
  },
};
