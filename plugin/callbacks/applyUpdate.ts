import type { Knex } from 'knex';
import { transitionWrites } from '../applications/recordTransition.js';
import { applicationUpdate } from '../applications/updateApplicationColumns.js';
import type { ApplicationStatus } from '../sdk/statuses.js';
import { appendEvent } from '../events/appendEvent.js';
import type { DeferredEvents } from '../events/DeferredEvents.js';
import type { OutboxEvent } from '../events/OutboxEvent.js';
import type { StatusUpdateEvent } from '../sdk/LenderCallbacks.js';
import { findApplication } from './findApplication.js';
import type { KnownApplications } from './KnownApplications.js';
import { isAtLeastAsNew, type CallbackState, type Position } from './callbackOrdering.js';
import { isNonEmptyBlock, mergeFields, sameJson } from './mergeBlocks.js';
import { wouldRegress } from './statusProgress.js';
import type { EventResult } from './EventResult.js';
import type { CallbackApplicationRow, RawCallbackRow } from './rows.js';

/** Adverse-action notices are due 30 days after the decline (ECOA Reg B). */
const ADVERSE_ACTION_DAYS = 30;

interface Plan {
  columns: Record<string, unknown>;
  changed: string[];
  state: CallbackState;
  to: ApplicationStatus | null;
  notes: string[];
}

/** Works out what an update changes, block by block, without writing anything. */
function plan(app: CallbackApplicationRow, raw: RawCallbackRow, event: StatusUpdateEvent): Plan {
  const at: Position = { vendorAt: event.vendorAt ? event.vendorAt.toISOString() : null, rawId: Number(raw.id) };
  const state: CallbackState = { ...(app.callback_state ?? {}) };
  const columns: Record<string, unknown> = {};
  const changed: string[] = [];
  const notes: string[] = [];

  const merge = (column: 'decision' | 'booked', key: 'terms' | 'booked', incoming: Record<string, unknown> | undefined) => {
    if (!isNonEmptyBlock(incoming)) return;
    const newer = isAtLeastAsNew(at, state[key]);
    const merged = mergeFields(app[column], incoming, newer);
    if (!sameJson(merged, app[column])) {
      columns[column] = merged;
      changed.push(key);
      if (newer) state[key] = at;
    }
  };
  merge('decision', 'terms', event.terms);
  merge('booked', 'booked', event.booked);

  const stips = { decision: app.stipulations?.decision, verification: app.stipulations?.verification };
  let stipsChanged = false;
  for (const kind of ['decision', 'verification'] as const) {
    const list = event.stipulations?.[kind];
    const key = kind === 'decision' ? 'decisionStipulations' : 'verificationStipulations';
    if (!Array.isArray(list) || !isAtLeastAsNew(at, state[key]) || sameJson(list, stips[kind])) continue;
    stips[kind] = list;
    state[key] = at;
    stipsChanged = true;
  }
  if (stipsChanged) {
    columns.stipulations = Object.fromEntries(Object.entries(stips).filter(([, v]) => v !== undefined));
    changed.push('stipulations');
  }

  if (event.decline && isAtLeastAsNew(at, state.decline)) {
    const decline = { ...(app.decline ?? {}), ...event.decline };
    if (!sameJson(decline, app.decline)) {
      columns.decline = decline;
      state.decline = at;
      changed.push('decline');
    }
  }

  let to: ApplicationStatus | null = null;
  if (event.status && event.status !== app.status) {
    if (!isAtLeastAsNew(at, state.status)) notes.push(`status ${event.status} is older than the one applied; kept ${app.status}`);
    else if (wouldRegress(app.status, event.status)) notes.push(`status ${event.status} would regress from ${app.status}; kept`);
    else to = event.status;
  }
  if (to) {
    state.status = at;
    if (event.vendorAt && (!app.vendor_updated_at || event.vendorAt > app.vendor_updated_at)) columns.vendor_updated_at = event.vendorAt;
    if (to === 'declined') {
      const declinedAt = event.vendorAt ?? raw.received_at;
      columns.adverse_action_due_at = new Date(declinedAt.getTime() + ADVERSE_ACTION_DAYS * 86_400_000);
      columns.decline = { ...((columns.decline as object) ?? app.decline ?? { reasons: [] }), declinedAt: declinedAt.toISOString() };
    }
  }
  return { columns, changed, state, to, notes };
}

/** The application's callback-fed facts after the plan, for the outbound event. */
function facts(app: CallbackApplicationRow, columns: Record<string, unknown>): Record<string, unknown> {
  const pick = (c: keyof CallbackApplicationRow) => (c in columns ? columns[c] : app[c]);
  const out: Record<string, unknown> = {};
  const terms = pick('decision');
  const stipulations = pick('stipulations');
  const booked = pick('booked');
  const decline = pick('decline');
  const due = pick('adverse_action_due_at');
  if (terms) out.terms = terms;
  if (stipulations) out.stipulations = stipulations;
  if (booked) out.booked = booked;
  if (decline) out.decline = { ...(decline as object), ...(due ? { adverseActionDueAt: (due as Date).toISOString() } : {}) };
  return out;
}

function toJsonColumns(columns: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(columns)) out[k] = v && typeof v === 'object' && !(v instanceof Date) ? JSON.stringify(v) : v;
  return out;
}

/**
 * Stage 2+: applies a status update to its application under a row lock, with
 * the precedence rules (newer wins, never regress, sparse fields never erase),
 * in the caller's transaction. A status change goes through recordTransition
 * (row + history + `application.status_changed`); new facts without a status
 * change emit `application.updated`; a callback that changes nothing emits nothing.
 * `known`: the transaction's applications, read and locked together at its start.
 * `deferred`: the transaction's held event writes; the write is held with them, and
 * they are sent before the table is read.
 */
export async function applyUpdate(
  trx: Knex.Transaction,
  schema: string,
  raw: RawCallbackRow,
  event: StatusUpdateEvent,
  batch: { known?: KnownApplications; deferred?: DeferredEvents } = {},
): Promise<EventResult> {
  const { known, deferred } = batch;
  const app = await findApplication(trx, schema, raw.lender_id, event.ref, { forUpdate: true, known, beforeRead: deferred && (() => deferred.flush()) });
  const ids = { lenderAppNo: event.ref.lenderAppNo, lenderAppId: event.ref.lenderAppId };
  if (!app) {
    if (event.ref.lenderAppNo) return { result: 'orphaned', detail: `waiting for the stage-1 link of application number ${event.ref.lenderAppNo}`, ...ids };
    return { result: 'ignored', detail: 'no application of this lender matches the callback', ...ids };
  }
  const p = plan(app, raw, event);
  const note = p.notes.length ? `; ${p.notes.join('; ')}` : '';
  if (!p.to && p.changed.length === 0) return { result: 'unchanged', detail: `no change${note}`, applicationId: app.id, ...ids };

  const columns = toJsonColumns({ ...p.columns, callback_state: p.state });
  const common = {
    lenderId: raw.lender_id,
    lenderAppNo: app.lender_app_no,
    vendorAt: event.vendorAt ? event.vendorAt.toISOString() : null,
    rawCallbackId: Number(raw.id),
    ...facts(app, p.columns),
  };
  // Held with the transaction's other writes when it has a DeferredEvents, else written now.
  const write = (e: OutboxEvent, alongWith: Knex.QueryBuilder[]) => (deferred ? deferred.defer(app.id, e, alongWith) : appendEvent(trx, schema, e, alongWith));
  if (p.to) {
    const transition = transitionWrites(trx, schema, {
      applicationId: app.id,
      dealerId: app.dealer_id,
      from: app.status as ApplicationStatus,
      to: p.to,
      source: 'callback',
      lenderStatus: event.lenderStatus,
      reason: event.reason ?? null,
      rawCallbackId: Number(raw.id),
      vendorAt: event.vendorAt,
      columns,
      eventData: common,
    });
    await write(transition.event, transition.alongWith);
    return { result: 'applied', detail: `${app.status} -> ${p.to}${p.changed.length ? ` (+${p.changed.join(', ')})` : ''}${note}`, applicationId: app.id, ...ids };
  }
  await write(
    {
      type: 'application.updated',
      applicationId: app.id,
      dealerId: app.dealer_id,
      data: { applicationId: app.id, dealerId: app.dealer_id, status: app.status, lenderStatus: app.lender_status, changed: p.changed, ...common },
    },
    [applicationUpdate(trx, schema, app.id, columns)],
  );
  return { result: 'applied', detail: `updated ${p.changed.join(', ')}${note}`, applicationId: app.id, ...ids };
}
