import type { Request, Router } from 'express';
import { InputError, NotFoundError, type FieldProblem } from '../../errors/index.js';
import { jsonBody } from '../../http/jsonBody.js';
import { requireCapability } from './adminAccess.js';
import type { AdminServices } from './AdminServices.js';
import { deliveryDetail } from './deliveryQueries.js';
import { AdminQuery } from './adminQuery.js';
import type { ParseStatus } from '../../sdk/LenderCallbacks.js';

/** At most this many ids in one "replay selected" request. */
export const MAX_SELECTED_REPLAY = 100;
/** A bulk replay or re-process touches at most this many rows per request; the answer says when more are left. */
export const MAX_BULK = 1000;

const param = (req: Request, name: string) => String(req.params[name]);
const body = (req: Request): Record<string, unknown> => (req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? req.body : {});

function sinceOf(value: unknown, problems: FieldProblem[]): Date | undefined {
  const since = typeof value === 'string' ? new Date(value) : undefined;
  if (!since || Number.isNaN(since.getTime())) problems.push({ path: '/since', message: 'is required: an ISO 8601 time' });
  return since;
}

/** Replays (deliveries) and re-processing (callbacks): admin and operator only. */
export function mountActionRoutes(r: Router, s: AdminServices): void {
  const { knex, schema, auth, deliveries, callbacks } = s;

  r.post('/deliveries/:id/replay', async (req, res) => {
    const caller = await requireCapability(req, auth, 'act');
    const result = await deliveries.replay(param(req, 'id'), { actor: caller.principal.userId });
    res.json({
      ...result,
      // A delivery that is already waiting or being sent is not sent twice: replay is a no-op for it.
      note: result.replayed ? 'queued for redelivery' : `not replayed: the delivery is already ${result.status} (replay is a no-op)`,
    });
  });

  r.post('/deliveries/replay', jsonBody(64 * 1024), async (req, res) => {
    const caller = await requireCapability(req, auth, 'act');
    const b = body(req);
    const actor = { actor: caller.principal.userId };
    const problems: FieldProblem[] = [];
    if (b.deliveryIds !== undefined) {
      const ids = b.deliveryIds;
      if (!Array.isArray(ids) || ids.length < 1 || ids.length > MAX_SELECTED_REPLAY || ids.some((i) => typeof i !== 'string')) {
        throw new InputError('Invalid replay', [{ path: '/deliveryIds', message: `must be 1 to ${MAX_SELECTED_REPLAY} delivery ids` }]);
      }
      const results = [];
      for (const id of new Set(ids as string[])) {
        if (!(await deliveryDetail(knex, schema, caller, id))) {
          results.push({ deliveryId: id, replayed: false, status: 'not_found' });
          continue;
        }
        results.push(await deliveries.replay(id, actor));
      }
      res.json({ replayed: results.filter((x) => x.replayed).length, results });
      return;
    }
    const targetId = typeof b.targetId === 'string' && b.targetId ? b.targetId : undefined;
    if (!targetId) problems.push({ path: '/targetId', message: 'is required (or give deliveryIds)' });
    const targetKind = typeof b.targetKind === 'string' ? b.targetKind : 'subscription';
    const since = sinceOf(b.since, problems);
    if (b.confirm !== undefined && typeof b.confirm !== 'boolean') problems.push({ path: '/confirm', message: 'must be true or false' });
    if (problems.length) throw new InputError('Invalid replay', problems);
    if (b.confirm !== true) {
      // Bulk replays are confirmed: the first call says how many would go, the second (confirm: true) sends them.
      const [{ n }] = await knex
        .withSchema(schema)
        .table('deliveries')
        .where({ target_kind: targetKind, target_id: targetId })
        .whereIn('status', ['failed', 'dead_lettered'])
        .where(knex.raw('coalesce(completed_at, updated_at)'), '>=', since!)
        .count({ n: '*' });
      res.json({ dryRun: true, matching: Number(n), willReplay: Math.min(Number(n), MAX_BULK), limit: MAX_BULK, confirm: 'repeat the request with "confirm": true' });
      return;
    }
    res.json(await deliveries.replayFailed({ targetKind, targetId: targetId!, since: since!, limit: MAX_BULK }, actor));
  });

  r.post('/events/:eventId/resend', async (req, res) => {
    const caller = await requireCapability(req, auth, 'act');
    res.json(await deliveries.resendEvent(param(req, 'eventId'), { actor: caller.principal.userId }));
  });

  r.get('/callbacks', async (req, res) => {
    await requireCapability(req, auth, 'opsRead');
    const q = new AdminQuery(req.query);
    const parseStatus = q.list<ParseStatus>('parseStatus', ['parsed', 'partial', 'unparseable']);
    const lenderId = q.text('lenderId');
    const since = q.time('since');
    const limit = q.limit(50, 500);
    const before = q.text('cursor', 20);
    if (before !== undefined && !/^\d{1,18}$/.test(before)) q.problems.push({ path: '/cursor', message: 'is not a cursor this API returned' });
    q.done();
    const items = await callbacks.list({ parseStatus, lenderId, since, limit, beforeId: before });
    res.json({ items, nextCursor: items.length === limit ? items.at(-1)!.id : null });
  });

  r.get('/callbacks/:id', async (req, res) => {
    await requireCapability(req, auth, 'opsRead');
    if (!/^\d{1,18}$/.test(param(req, 'id'))) throw new NotFoundError(`No stored callback ${param(req, 'id')}`);
    res.json(await callbacks.get(param(req, 'id')));
  });

  r.post('/callbacks/:id/reprocess', async (req, res) => {
    const caller = await requireCapability(req, auth, 'act');
    if (!/^\d{1,18}$/.test(param(req, 'id'))) throw new NotFoundError(`No stored callback ${param(req, 'id')}`);
    res.json(await callbacks.reprocess(param(req, 'id'), { actor: caller.principal.userId }));
  });

  r.post('/callbacks/reprocess', jsonBody(16 * 1024), async (req, res) => {
    const caller = await requireCapability(req, auth, 'act');
    const b = body(req);
    const problems: FieldProblem[] = [];
    const lenderId = typeof b.lenderId === 'string' && b.lenderId ? b.lenderId : undefined;
    if (!lenderId) problems.push({ path: '/lenderId', message: 'is required' });
    const since = sinceOf(b.since, problems);
    if (problems.length) throw new InputError('Invalid re-process request', problems);
    const [{ n }] = await knex
      .withSchema(schema)
      .table('raw_callbacks')
      .where({ lender_id: lenderId })
      .where('received_at', '>=', since!)
      .whereNot({ process_status: 'rejected' })
      .count({ n: '*' });
    const matching = Number(n);
    if (b.confirm !== true) {
      res.json({ dryRun: true, matching, limit: MAX_BULK, confirm: 'repeat the request with "confirm": true' });
      return;
    }
    if (matching > MAX_BULK) {
      throw new InputError(`${matching} callbacks match; re-process at most ${MAX_BULK} at a time`, [{ path: '/since', message: `choose a later time: ${matching} callbacks match, the limit is ${MAX_BULK}` }]);
    }
    const outcomes = await callbacks.reprocessSince(lenderId!, since!, { actor: caller.principal.userId });
    res.json({ reprocessed: outcomes.length, outcomes });
  });
}
