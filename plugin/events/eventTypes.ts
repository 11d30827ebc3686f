import { CALLBACK_NOTICE_TYPES } from '../sdk/LenderCallbacks.js';

/**
 * Every `type` of event lendwire writes to the outbox, and so sends to webhook
 * subscribers and CRM targets (docs/design.md, Events). The OpenAPI document's
 * `webhooks` section has one entry per item, and test/admin/openapiWebhooks.test.ts
 * reads every place that writes an event to check each type it names is listed here.
 * (`OutboxEvent.type` stays a string: the delivery engine's own tests send made-up types.)
 */
/**
 * The events a step of the reactivation playbook may send: the manifest picks one per step
 * (`reactivation.steps[].event`, the same list in its schema), so no code names them itself.
 */
export const REACTIVATION_EVENT_TYPES = ['customer_link.reminder_due', 'application.reactivation_due', 'application.stale'] as const;

export const EVENT_TYPES = [
  'application.status_changed',
  'application.submitted',
  'application.submission_failed',
  'application.linked',
  'application.updated',
  'application.idle',
  ...REACTIVATION_EVENT_TYPES,
  'application.adverse_action_due',
  ...CALLBACK_NOTICE_TYPES,
  'callback.unparseable',
  'delivery.dead_lettered',
  'endpoint.disabled',
  'endpoint.backlog_exceeded',
  'alert.raised',
  'alert.resolved',
  'webhook.test',
] as const;

/** One outbound event type (see EVENT_TYPES). */
export type EventType = (typeof EVENT_TYPES)[number];
