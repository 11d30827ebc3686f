import { schemas } from './openapiSchemas.js';

type Json = Record<string, unknown>;

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } });
const json = (ref: string, description = 'OK') => ({ description, content: { 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } } });
const body = (ref: string) => ({ required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } } });
const pathParam = (name: string, description: string) => ({ name, in: 'path', required: true, description, schema: { type: 'string' } });
const query = (name: string, description: string, schema: Json = { type: 'string' }) => ({ name, in: 'query', required: false, description, schema });

const AUTH_ERRORS = {
  '401': problem('No or invalid credentials'),
  '403': problem('The role may not do this, or the host auth hook answered a malformed principal'),
  '503': problem('The host auth hook failed (try again later)'),
};
const PAGING = [query('limit', 'Page size (1-200, default 50)', { type: 'integer', minimum: 1, maximum: 200 }), query('cursor', '`nextCursor` of the previous page')];

interface Op {
  tags: string[];
  summary: string;
  description?: string;
  security?: Json[];
  parameters?: Json[];
  requestBody?: Json;
  responses: Record<string, Json>;
  'x-roles'?: string[];
}

const STAFF = ['admin', 'operator', 'viewer'];
const READ = [...STAFF, 'dealer (own dealers only)'];
const ACT = ['admin', 'operator'];
const MANAGE = ['admin'];

function admin(summary: string, roles: string[], responses: Record<string, Json>, extra: Partial<Op> = {}): Op {
  return { tags: ['admin'], summary, 'x-roles': roles, ...extra, responses: { ...responses, ...AUTH_ERRORS, '422': problem('Invalid parameters (every failing one listed)') } };
}

/**
 * The OpenAPI 3.1 description of lendwire's HTTP surface (dealer, callback,
 * operations and admin APIs). Paths are relative to where the host mounts the
 * plugin (`servers[0].url`). test/admin/openapi.test.ts checks it against the real routes.
 */
export function openapiDocument(options: { version: string; basePath: string }): Json {
  const id = pathParam('id', 'Application id (`app_<ulid>`)');
  const paths: Record<string, Record<string, Op>> = {
    '/applications': {
      post: {
        tags: ['dealer'],
        summary: 'Submit a credit application, or open a customer journey with a broker lender (`journey` instead of `application`)',
        parameters: [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 200 }, description: 'Same key + same body: same answer; same key + other body: 409.' }],
        requestBody: { required: true, content: { 'application/json': { schema: { oneOf: [{ $ref: '#/components/schemas/SubmitApplicationRequest' }, { $ref: '#/components/schemas/OpenJourneyRequest' }] } } } },
        responses: {
          '202': json('SubmitApplicationAccepted', 'Accepted and queued for submission'),
          ...AUTH_ERRORS,
          '409': problem('Idempotency key reused with another body'),
          '413': problem('Body too large'),
          '415': problem('Not JSON'),
          '422': problem('Invalid application (every failing field listed in `errors`)'),
          '429': { ...problem("Over the dealer's submission rate limit"), headers: { 'Retry-After': { schema: { type: 'integer' } } } },
        },
      },
      get: {
        tags: ['dealer'],
        summary: "List the caller's applications (newest first, keyset paging)",
        parameters: [query('dealerId', 'Dealer'), query('status', 'Normalized status'), query('externalRef', "Host's id"), query('appNo', "Lender's application number"), ...PAGING],
        responses: { '200': json('ApplicationPage'), ...AUTH_ERRORS, '422': problem('Invalid query') },
      },
    },
    '/applications/{id}': {
      get: { tags: ['dealer'], summary: 'One application, PII masked', parameters: [id], responses: { '200': json('ApplicationDetail'), ...AUTH_ERRORS, '404': problem('Unknown, or another tenant\'s') } },
    },
    '/applications/{id}/adverse-action-notice': {
      post: {
        tags: ['dealer'],
        summary: "Record that a declined application's adverse-action notice was sent (stops reminders, resolves the overdue alert; audited)",
        parameters: [id],
        responses: { '200': json('AdverseActionSent'), ...AUTH_ERRORS, '404': problem('Unknown, or another tenant\'s'), '409': problem('Not declined: no notice is due') },
      },
    },
    '/applications/{id}/timeline': {
      get: { tags: ['dealer'], summary: "An application's history", parameters: [id], responses: { '200': json('Timeline'), ...AUTH_ERRORS, '404': problem('Unknown, or another tenant\'s') } },
    },
    '/callbacks/{lenderId}': {
      post: {
        tags: ['callbacks'],
        summary: "A lender's asynchronous callback (authenticated by the lender's adapter)",
        description: 'The raw body is stored before answering; 200 even when it cannot be parsed (it goes to the review queue).',
        security: [{}],
        parameters: [pathParam('lenderId', 'Lender id from the manifest')],
        requestBody: { required: true, content: { '*/*': { schema: {} } } },
        responses: {
          '200': json('CallbackReceived', 'Stored'),
          '401': problem('Bad credentials or signature'),
          '403': problem('Unknown or disabled lender'),
          '404': problem('Unknown session (broker)'),
          '413': problem('Body too large'),
          '503': problem('Could not be stored: retry'),
        },
      },
    },
    '/health': {
      get: { tags: ['operations'], summary: 'Postgres, Redis and workers', security: [{}], responses: { '200': json('Health'), '503': json('Health', 'Something is down') } },
    },
    '/metrics': {
      get: { tags: ['operations'], summary: 'Prometheus metrics of the plugin registry', security: [{}], responses: { '200': { description: 'Prometheus text', content: { 'text/plain': { schema: { type: 'string' } } } } } },
    },
    '/openapi.json': {
      get: { tags: ['operations'], summary: 'This document', security: [{}], responses: { '200': { description: 'OpenAPI 3.1', content: { 'application/json': { schema: { type: 'object' } } } } } },
    },
    '/admin/': {
      get: { tags: ['operations'], summary: 'The operator dashboard (HTML; it calls the admin API with the user\'s token)', security: [{}], responses: { '200': { description: 'HTML', content: { 'text/html': { schema: { type: 'string' } } } } } },
    },
    '/admin/api/me': { get: admin('Who am I and what may I do', READ, { '200': json('Me') }) },
    '/admin/api/overview': { get: admin('Headline numbers for the dashboard', STAFF, { '200': json('Overview') }) },
    '/admin/api/applications': {
      get: admin('Search applications', READ, { '200': json('ApplicationPage') }, {
        parameters: [
          query('q', "Exact match on our id, the host's externalRef, the lender's Appno or AppId"),
          query('externalRef', "Host's id (lead id)"),
          query('appNo', "Lender's application number"),
          query('dealerId', 'Dealer'),
          query('lenderId', 'Lender'),
          query('status', 'Comma-separated statuses'),
          query('from', 'Created at or after', { type: 'string', format: 'date-time' }),
          query('to', 'Created before', { type: 'string', format: 'date-time' }),
          ...PAGING,
        ],
      }),
    },
    '/admin/api/applications/{id}': { get: admin('One application (PII masked)', READ, { '200': json('ApplicationDetail'), '404': problem('Unknown or not visible') }, { parameters: [id] }) },
    '/admin/api/applications/{id}/timeline': {
      get: admin('Submission, raw callbacks with parse status, transitions, deliveries with attempts, CRM syncs', READ, { '200': json('Timeline'), '404': problem('Unknown or not visible') }, { parameters: [id] }),
    },
    '/admin/api/applications/{id}/reveal-pii': {
      post: admin('Reveal unmasked SSN / DOB / income (needs the `pii:reveal` permission; writes the access log)', ['any reader with pii:reveal'], { '200': json('PiiReveal'), '404': problem('Unknown or not visible') }, {
        parameters: [id],
        requestBody: { required: false, content: { 'application/json': { schema: { type: 'object', properties: { reason: { type: 'string', maxLength: 500 } } } } } },
      }),
    },
    '/admin/api/applications/{id}/review': {
      post: admin(
        'Settle an application in `needs_review` or `submission_failed`: the lender has it (record its AppId), resubmit it (an explicit decision), or mark it failed with a reason. Writes a transition, an outbox event and an audit row.',
        ACT,
        { '200': json('ReviewResult'), '404': problem('Unknown or not visible'), '409': problem('Not in a reviewable status (needs_review, submission_failed)'), '415': problem('Not JSON') },
        { parameters: [id], requestBody: body('ReviewResolution') },
      ),
    },
    '/admin/api/deliveries': {
      get: admin('Search deliveries', READ, { '200': json('DeliveryPage') }, {
        parameters: [
          query('status', 'Comma-separated: pending, delivering, paused, succeeded, failed, dead_lettered'),
          query('targetKind', 'subscription or crm'),
          query('targetId', 'Subscription or CRM target id'),
          query('eventType', 'Event type'),
          query('applicationId', 'Application'),
          query('since', 'Created at or after', { type: 'string', format: 'date-time' }),
          ...PAGING,
        ],
      }),
    },
    '/admin/api/dead-letters': { get: admin('Dead-lettered deliveries', READ, { '200': json('DeliveryPage') }, { parameters: [query('targetId', 'Endpoint'), ...PAGING] }) },
    '/admin/api/deliveries/{id}': { get: admin('One delivery with its attempt log', READ, { '200': json('DeliveryDetail'), '404': problem('Unknown') }, { parameters: [pathParam('id', 'Delivery id')] }) },
    '/admin/api/deliveries/{id}/replay': {
      post: admin('Replay one delivery (a delivery already pending or in flight is left alone: no-op)', ACT, { '200': json('ReplayResult'), '404': problem('Unknown') }, { parameters: [pathParam('id', 'Delivery id')] }),
    },
    '/admin/api/deliveries/replay': {
      post: admin('Replay selected deliveries, or all failed/dead-lettered of an endpoint since a time (confirmed, at most 1000 per call)', ACT, { '200': json('BulkReplayResult') }, { requestBody: body('BulkReplayRequest') }),
    },
    '/admin/api/events/{eventId}/resend': {
      post: admin('Send an event again to every target that matches it now', ACT, { '200': json('ResendResult'), '404': problem('Unknown') }, { parameters: [pathParam('eventId', 'msg_<ulid>')] }),
    },
    '/admin/api/callbacks': {
      get: admin('Callback review queue (unparseable by default)', STAFF, { '200': json('CallbackPage') }, {
        parameters: [query('parseStatus', 'Comma-separated: parsed, partial, unparseable'), query('lenderId', 'Lender'), query('since', 'Received at or after', { type: 'string', format: 'date-time' }), ...PAGING],
      }),
    },
    '/admin/api/callbacks/{id}': { get: admin('One stored callback', STAFF, { '200': json('StoredCallback'), '404': problem('Unknown') }, { parameters: [pathParam('id', 'Callback id')] }) },
    '/admin/api/callbacks/{id}/reprocess': {
      post: admin('Parse and apply a stored callback again (idempotent)', ACT, { '200': json('ProcessOutcome'), '404': problem('Unknown') }, { parameters: [pathParam('id', 'Callback id')] }),
    },
    '/admin/api/callbacks/reprocess': {
      post: admin("Re-process a lender's callbacks since a time (confirmed, at most 1000)", ACT, { '200': json('ReprocessBulkResult') }, { requestBody: body('ReprocessBulkRequest') }),
    },
    '/admin/api/subscriptions': {
      get: admin('Webhook subscriptions', STAFF, { '200': { description: 'OK', content: { 'application/json': { schema: { type: 'object', properties: { items: { type: 'array', items: { $ref: '#/components/schemas/Subscription' } } } } } } } }),
      post: admin('Create a subscription (its secret is shown once)', MANAGE, { '201': json('SubscriptionCreated', 'Created'), '409': problem('Id taken') }, { requestBody: body('SubscriptionInput') }),
    },
    '/admin/api/subscriptions/{id}': {
      get: admin('One subscription', STAFF, { '200': json('Subscription'), '404': problem('Unknown') }, { parameters: [pathParam('id', 'Subscription id')] }),
      patch: admin('Change a subscription (manifest ones: only enabled)', MANAGE, { '200': json('Subscription'), '404': problem('Unknown'), '409': problem('Owned by the manifest') }, {
        parameters: [pathParam('id', 'Subscription id')],
        requestBody: body('SubscriptionPatch'),
      }),
    },
    '/admin/api/subscriptions/{id}/disable': {
      post: admin('Disable (deliveries are kept)', MANAGE, { '200': json('Subscription'), '404': problem('Unknown') }, {
        parameters: [pathParam('id', 'Subscription id')],
        requestBody: { required: false, content: { 'application/json': { schema: { type: 'object', properties: { reason: { type: 'string' } } } } } },
      }),
    },
    '/admin/api/subscriptions/{id}/enable': { post: admin('Enable and send what waited', MANAGE, { '200': json('Subscription'), '404': problem('Unknown') }, { parameters: [pathParam('id', 'Subscription id')] }) },
    '/admin/api/subscriptions/{id}/rotate-secret': {
      post: admin('New secret; the old one keeps signing for 24 h', MANAGE, { '200': json('SecretRotated'), '404': problem('Unknown') }, { parameters: [pathParam('id', 'Subscription id')] }),
    },
    '/admin/api/subscriptions/{id}/test': { post: admin('Send a `webhook.test` event', MANAGE, { '202': json('TestEventSent', 'Queued'), '404': problem('Unknown') }, { parameters: [pathParam('id', 'Subscription id')] }) },
    '/admin/api/crm-targets': {
      get: admin('CRM targets of the manifest: which are paused, why and since when, and how many deliveries wait', STAFF, { '200': json('CrmTargetList') }),
    },
    '/admin/api/crm-targets/{id}/resume': {
      post: admin('Lift a CRM target\'s pause: its paused deliveries go out again, oldest first (audited)', ACT, { '200': json('CrmTarget'), '404': problem('Not a CRM target of the manifest') }, {
        parameters: [pathParam('id', 'CRM target id from the manifest')],
      }),
    },
    '/admin/api/audit': {
      get: admin('Audit log of admin actions and PII access', STAFF, { '200': json('AuditPage') }, {
        parameters: [query('actor', 'User id'), query('action', 'e.g. delivery.replay, pii.reveal'), query('targetType', 'Target type'), query('targetId', 'Target id'), query('since', 'At or after', { type: 'string', format: 'date-time' }), ...PAGING],
      }),
    },
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'lendwire',
      version: options.version,
      description: "Credit applications to lenders, lender callbacks, signed webhooks and CRM sync, as an Express plugin. Authentication is the host's: send what the host's auth hook accepts (the host example uses bearer tokens).",
    },
    servers: [{ url: options.basePath }],
    security: [{ hostAuth: [] }],
    tags: [
      { name: 'dealer', description: 'Dealer API (a dealer sees only its dealers)' },
      { name: 'callbacks', description: 'Inbound lender callbacks (public; each lender adapter authenticates)' },
      { name: 'operations', description: 'Health, metrics, this document, the dashboard' },
      { name: 'admin', description: 'Admin API; `x-roles` lists the roles allowed' },
    ],
    paths,
    components: {
      securitySchemes: { hostAuth: { type: 'http', scheme: 'bearer', description: "Whatever the host's auth hook accepts" } },
      schemas,
    },
  };
}
