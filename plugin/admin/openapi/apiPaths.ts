import { admin, AUTH_ERRORS, body, bodyOneOf, json, PAGING, pathParam, problem, query, type Op } from './operationParts.js';

const STAFF = ['admin', 'operator', 'viewer'];
const READ = [...STAFF, 'dealer (own dealers only)'];
const ACT = ['admin', 'operator'];
const MANAGE = ['admin'];

/**
 * The paths of lendwire's HTTP API (dealer, callback, operations and admin), relative
 * to where the host mounts the plugin. test/admin/openapi.test.ts checks them against
 * the routes the router really serves (HTML pages, `/admin/` and `/docs`, are not API
 * operations and are left out).
 */
export function apiPaths(): Record<string, Record<string, Op>> {
  const id = pathParam('id', 'Application id (`app_<ulid>`)');
  return {
    '/applications': {
      post: {
        operationId: 'submitApplication',
        tags: ['dealer'],
        summary: 'Submit a credit application, or open a customer journey with a broker lender (`journey` instead of `application`)',
        parameters: [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 200 }, description: 'Same key + same body: same answer; same key + other body: 409.' }],
        requestBody: bodyOneOf(['SubmitApplicationRequest', 'OpenJourneyRequest']),
        responses: {
          '202': json('SubmitApplicationAccepted', 'Accepted and queued for submission'),
          ...AUTH_ERRORS,
          '409': problem('Idempotency key reused with another body'),
          '413': problem('Body too large'),
          '415': problem('Not JSON'),
          '422': problem('Invalid application (every failing field listed in `errors`)', 'InvalidApplication'),
          '429': { ...problem("Over the dealer's submission rate limit"), headers: { 'Retry-After': { schema: { type: 'integer' } } } },
        },
      },
      get: {
        operationId: 'listApplications',
        tags: ['dealer'],
        summary: "List the caller's applications (newest first, keyset paging)",
        parameters: [query('dealerId', 'Dealer'), query('status', 'Normalized status'), query('externalRef', "Host's id"), query('appNo', "Lender's application number"), ...PAGING],
        responses: { '200': json('ApplicationPage'), ...AUTH_ERRORS, '422': problem('Invalid query') },
      },
    },
    '/applications/{id}': {
      get: { operationId: 'getApplication', tags: ['dealer'], summary: 'One application, PII masked', parameters: [id], responses: { '200': json('ApplicationDetail'), ...AUTH_ERRORS, '404': problem('Unknown, or another tenant\'s') } },
    },
    '/applications/{id}/adverse-action-notice': {
      post: {
        operationId: 'recordAdverseActionNotice',
        tags: ['dealer'],
        summary: "Record that a declined application's adverse-action notice was sent (stops reminders, resolves the overdue alert; audited)",
        parameters: [id],
        responses: { '200': json('AdverseActionSent'), ...AUTH_ERRORS, '404': problem('Unknown, or another tenant\'s'), '409': problem('Not declined: no notice is due') },
      },
    },
    '/applications/{id}/timeline': {
      get: { operationId: 'getApplicationTimeline', tags: ['dealer'], summary: "An application's history", parameters: [id], responses: { '200': json('Timeline'), ...AUTH_ERRORS, '404': problem('Unknown, or another tenant\'s') } },
    },
    '/callbacks/{lenderId}': {
      post: {
        operationId: 'receiveLenderCallback',
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
      get: { operationId: 'getHealth', tags: ['operations'], summary: 'Postgres, Redis and workers', security: [{}], responses: { '200': json('Health'), '503': json('Health', 'Something is down') } },
    },
    '/metrics': {
      get: { operationId: 'getMetrics', tags: ['operations'], summary: 'Prometheus metrics of the plugin registry', security: [{}], responses: { '200': { description: 'Prometheus text', content: { 'text/plain': { schema: { type: 'string' } } } } } },
    },
    '/openapi.json': {
      get: { operationId: 'getOpenapiDocument', tags: ['operations'], summary: 'This document', security: [{}], responses: { '200': { description: 'OpenAPI 3.1', content: { 'application/json': { schema: { type: 'object' } } } } } },
    },
    '/admin/api/me': { get: admin('getMe', 'Who am I and what may I do', READ, { '200': json('Me') }) },
    '/admin/api/overview': { get: admin('getOverview', 'Headline numbers for the dashboard', STAFF, { '200': json('Overview') }) },
    '/admin/api/applications': {
      get: admin('searchApplications', 'Search applications', READ, { '200': json('ApplicationPage') }, {
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
    '/admin/api/applications/{id}': { get: admin('getAdminApplication', 'One application (PII masked)', READ, { '200': json('ApplicationDetail'), '404': problem('Unknown or not visible') }, { parameters: [id] }) },
    '/admin/api/applications/{id}/timeline': {
      get: admin('getAdminApplicationTimeline', 'Submission, raw callbacks with parse status, transitions, deliveries with attempts, CRM syncs', READ, { '200': json('Timeline'), '404': problem('Unknown or not visible') }, { parameters: [id] }),
    },
    '/admin/api/applications/{id}/reveal-pii': {
      post: admin('revealPii', 'Reveal unmasked SSN / DOB / income (needs the `pii:reveal` permission; writes the access log)', ['any reader with pii:reveal'], { '200': json('PiiReveal'), '404': problem('Unknown or not visible') }, {
        parameters: [id],
        requestBody: { required: false, content: { 'application/json': { schema: { type: 'object', properties: { reason: { type: 'string', maxLength: 500 } } } } } },
      }),
    },
    '/admin/api/applications/{id}/review': {
      post: admin('resolveReview', 
        'Settle an application in `needs_review` or `submission_failed`: the lender has it (record its AppId), resubmit it (an explicit decision), or mark it failed with a reason. Writes a transition, an outbox event and an audit row.',
        ACT,
        { '200': json('ReviewResult'), '404': problem('Unknown or not visible'), '409': problem('Not in a reviewable status (needs_review, submission_failed)'), '415': problem('Not JSON') },
        { parameters: [id], requestBody: body('ReviewResolution') },
      ),
    },
    '/admin/api/deliveries': {
      get: admin('searchDeliveries', 'Search deliveries', READ, { '200': json('DeliveryPage') }, {
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
    '/admin/api/dead-letters': { get: admin('listDeadLetters', 'Dead-lettered deliveries', READ, { '200': json('DeliveryPage') }, { parameters: [query('targetId', 'Endpoint'), ...PAGING] }) },
    '/admin/api/deliveries/{id}': { get: admin('getDelivery', 'One delivery with its attempt log', READ, { '200': json('DeliveryDetail'), '404': problem('Unknown') }, { parameters: [pathParam('id', 'Delivery id')] }) },
    '/admin/api/deliveries/{id}/replay': {
      post: admin('replayDelivery', 'Replay one delivery (a delivery already pending or in flight is left alone: no-op)', ACT, { '200': json('ReplayResult'), '404': problem('Unknown') }, { parameters: [pathParam('id', 'Delivery id')] }),
    },
    '/admin/api/deliveries/replay': {
      post: admin('replayDeliveries', 'Replay selected deliveries, or all failed/dead-lettered of an endpoint since a time (confirmed, at most 1000 per call)', ACT, { '200': json('BulkReplayResult') }, { requestBody: body('BulkReplayRequest') }),
    },
    '/admin/api/events/{eventId}/resend': {
      post: admin('resendEvent', 'Send an event again to every target that matches it now', ACT, { '200': json('ResendResult'), '404': problem('Unknown') }, { parameters: [pathParam('eventId', 'msg_<ulid>')] }),
    },
    '/admin/api/callbacks': {
      get: admin('listCallbacks', 'Callback review queue (unparseable by default)', STAFF, { '200': json('CallbackPage') }, {
        parameters: [query('parseStatus', 'Comma-separated: parsed, partial, unparseable'), query('lenderId', 'Lender'), query('since', 'Received at or after', { type: 'string', format: 'date-time' }), ...PAGING],
      }),
    },
    '/admin/api/callbacks/{id}': { get: admin('getCallback', 'One stored callback', STAFF, { '200': json('StoredCallback'), '404': problem('Unknown') }, { parameters: [pathParam('id', 'Callback id')] }) },
    '/admin/api/callbacks/{id}/reprocess': {
      post: admin('reprocessCallback', 'Parse and apply a stored callback again (idempotent)', ACT, { '200': json('ProcessOutcome'), '404': problem('Unknown') }, { parameters: [pathParam('id', 'Callback id')] }),
    },
    '/admin/api/callbacks/reprocess': {
      post: admin('reprocessCallbacks', "Re-process a lender's callbacks since a time (confirmed, at most 1000)", ACT, { '200': json('ReprocessBulkResult') }, { requestBody: body('ReprocessBulkRequest') }),
    },
    '/admin/api/subscriptions': {
      get: admin('listSubscriptions', 'Webhook subscriptions', STAFF, { '200': { description: 'OK', content: { 'application/json': { schema: { type: 'object', properties: { items: { type: 'array', items: { $ref: '#/components/schemas/Subscription' } } } } } } } }),
      post: admin('createSubscription', 'Create a subscription (its secret is shown once)', MANAGE, { '201': json('SubscriptionCreated', 'Created'), '409': problem('Id taken') }, { requestBody: body('SubscriptionInput') }),
    },
    '/admin/api/subscriptions/{id}': {
      get: admin('getSubscription', 'One subscription', STAFF, { '200': json('Subscription'), '404': problem('Unknown') }, { parameters: [pathParam('id', 'Subscription id')] }),
      patch: admin('updateSubscription', 'Change a subscription (manifest ones: only enabled)', MANAGE, { '200': json('Subscription'), '404': problem('Unknown'), '409': problem('Owned by the manifest') }, {
        parameters: [pathParam('id', 'Subscription id')],
        requestBody: body('SubscriptionPatch'),
      }),
    },
    '/admin/api/subscriptions/{id}/disable': {
      post: admin('disableSubscription', 'Disable (deliveries are kept)', MANAGE, { '200': json('Subscription'), '404': problem('Unknown') }, {
        parameters: [pathParam('id', 'Subscription id')],
        requestBody: { required: false, content: { 'application/json': { schema: { type: 'object', properties: { reason: { type: 'string' } } } } } },
      }),
    },
    '/admin/api/subscriptions/{id}/enable': { post: admin('enableSubscription', 'Enable and send what waited', MANAGE, { '200': json('Subscription'), '404': problem('Unknown') }, { parameters: [pathParam('id', 'Subscription id')] }) },
    '/admin/api/subscriptions/{id}/rotate-secret': {
      post: admin('rotateSubscriptionSecret', 'New secret; the old one keeps signing for 24 h', MANAGE, { '200': json('SecretRotated'), '404': problem('Unknown') }, { parameters: [pathParam('id', 'Subscription id')] }),
    },
    '/admin/api/subscriptions/{id}/test': { post: admin('sendTestEvent', 'Send a `webhook.test` event', MANAGE, { '202': json('TestEventSent', 'Queued'), '404': problem('Unknown') }, { parameters: [pathParam('id', 'Subscription id')] }) },
    '/admin/api/crm-targets': {
      get: admin('listCrmTargets', 'CRM targets of the manifest: which are paused, why and since when, and how many deliveries wait', STAFF, { '200': json('CrmTargetList') }),
    },
    '/admin/api/crm-targets/{id}/resume': {
      post: admin('resumeCrmTarget', 'Lift a CRM target\'s pause: its paused deliveries go out again, oldest first (audited)', ACT, { '200': json('CrmTarget'), '404': problem('Not a CRM target of the manifest') }, {
        parameters: [pathParam('id', 'CRM target id from the manifest')],
      }),
    },
    '/admin/api/audit': {
      get: admin('searchAudit', 'Audit log of admin actions and PII access', STAFF, { '200': json('AuditPage') }, {
        parameters: [query('actor', 'User id'), query('action', 'e.g. delivery.replay, pii.reveal'), query('targetType', 'Target type'), query('targetId', 'Target id'), query('since', 'At or after', { type: 'string', format: 'date-time' }), ...PAGING],
      }),
    },
  };
}
