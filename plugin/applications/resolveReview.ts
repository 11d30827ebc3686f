import type { Knex } from 'knex';
import { scrubSsnLike } from '../security/scrubSsnLike.js';
import { ConflictError, InputError, NotFoundError, type FieldProblem } from '../errors/index.js';
import { recordAudit } from '../audit/recordAudit.js';
import { ApplicationStore } from './ApplicationStore.js';
import { recordTransition } from './recordTransition.js';

/**
 * What an operator decided about an application whose submission outcome was
 * unknown (`needs_review`) or that failed (`submission_failed`):
 * - `submitted`: the lender has it (checked in its portal); its AppId is recorded;
 * - `resubmit`: the lender does NOT have it; send it again (an explicit, audited decision);
 * - `failed`: give up, with a reason the dealer sees.
 */
export type ReviewResolution = { resolution: 'submitted'; lenderAppId: string } | { resolution: 'resubmit' } | { resolution: 'failed'; reason: string };

const REVIEWABLE = ['needs_review', 'submission_failed'];

export function parseReviewResolution(body: unknown): ReviewResolution & { note?: string } {
  const b = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  const problems: FieldProblem[] = [];
  // Review notes and reasons are free text the dealer sees: an SSN pasted into one is masked.
  const note = typeof b.note === 'string' ? scrubSsnLike(b.note.slice(0, 500)) : undefined;
  if (b.resolution === 'submitted') {
    if (typeof b.lenderAppId !== 'string' || !b.lenderAppId.trim() || b.lenderAppId.length > 100) problems.push({ path: '/lenderAppId', message: 'is required: the lender\u2019s application id' });
    else return { resolution: 'submitted', lenderAppId: b.lenderAppId.trim(), note };
  } else if (b.resolution === 'resubmit') {
    return { resolution: 'resubmit', note };
  } else if (b.resolution === 'failed') {
    if (typeof b.reason !== 'string' || !b.reason.trim()) problems.push({ path: '/reason', message: 'is required: why the submission failed' });
    else return { resolution: 'failed', reason: scrubSsnLike(b.reason.trim().slice(0, 1000)), note };
  } else {
    problems.push({ path: '/resolution', message: 'must be one of: submitted, resubmit, failed' });
  }
  throw new InputError('Invalid review resolution', problems);
}

/** Applies an operator's decision in one transaction: transition + outbox event + access-log row. Returns whether to enqueue. */
export async function resolveReview(
  knex: Knex,
  schema: string,
  input: { applicationId: string; actor: string; visible: (dealerId: string) => boolean; decision: ReviewResolution & { note?: string } },
): Promise<{ status: string; enqueue: boolean }> {
  const store = new ApplicationStore(knex, schema);
  return knex.transaction(async (trx) => {
    const app = await store.findForUpdate(trx, input.applicationId);
    if (!app || !input.visible(app.dealer_id)) throw new NotFoundError(`No application ${input.applicationId}`);
    if (!REVIEWABLE.includes(app.status)) throw new ConflictError(`Application ${app.id} is ${app.status}; only needs_review or submission_failed can be resolved`);
    const d = input.decision;
    const base = { applicationId: app.id, dealerId: app.dealer_id, from: app.status, source: 'operator' as const };
    const reason = `operator ${input.actor}: ${d.resolution}${d.note ? ` (${d.note})` : ''}`;
    if (d.resolution === 'submitted') {
      await recordTransition(trx, schema, {
        ...base,
        to: 'submitted',
        reason,
        columns: { lender_app_id: d.lenderAppId },
        eventType: 'application.submitted',
        eventData: { lenderId: app.lender_id, lenderAppId: d.lenderAppId, externalRef: app.external_ref, resolvedBy: 'operator' },
      });
    } else if (d.resolution === 'failed') {
      await recordTransition(trx, schema, {
        ...base,
        to: 'submission_failed',
        reason: `${reason}: ${d.reason}`,
        eventType: 'application.submission_failed',
        eventData: { lenderId: app.lender_id, code: 'E_OPERATOR', externalRef: app.external_ref },
      });
    } else {
      await recordTransition(trx, schema, { ...base, to: 'queued', reason });
    }
    await recordAudit(trx, schema, { actor: input.actor, action: 'application.review_resolved', targetType: 'application', targetId: app.id, details: { from: app.status, ...d } });
    const status = d.resolution === 'submitted' ? 'submitted' : d.resolution === 'failed' ? 'submission_failed' : 'queued';
    return { status, enqueue: d.resolution === 'resubmit' };
  });
}
