import type { Request, Router } from 'express';
import { NotFoundError } from '../../errors/index.js';
import { applicationDetail } from '../../applications/presentApplication.js';
import type { ApplicationRow } from '../../applications/ApplicationRow.js';
import { requireCapability, requirePiiReveal } from './adminAccess.js';
import type { AdminServices } from './AdminServices.js';
import { parseApplicationSearch, searchApplications, visibleApplication } from './applicationQueries.js';
import { adminApplicationTimeline } from './timelineQuery.js';
import { deliveryDetail, parseDeliverySearch, searchDeliveries } from './deliveryQueries.js';
import { parseAuditSearch, searchAudit } from './auditQueries.js';
import { computeOverview } from './overviewQuery.js';
import { revealPii } from './revealPii.js';
import { jsonBody } from '../../http/jsonBody.js';

const param = (req: Request, name: string) => String(req.params[name]);

/** Read side of the admin API (and the PII reveal, which is a read with an access-log row). */
export function mountReadRoutes(r: Router, s: AdminServices): void {
  const { knex, schema, auth } = s;

  r.get('/me', async (req, res) => {
    const caller = await requireCapability(req, auth, 'read');
    res.json({
      userId: caller.principal.userId,
      roles: caller.principal.roles,
      dealerIds: caller.dealerScope,
      capabilities: caller.capabilities,
      canRevealPii: caller.canRevealPii,
    });
  });

  r.get('/overview', async (req, res) => {
    await requireCapability(req, auth, 'opsRead');
    res.json(await computeOverview(knex, schema, s.clock.now()));
  });

  r.get('/applications', async (req, res) => {
    const caller = await requireCapability(req, auth, 'read');
    res.json(await searchApplications(knex, schema, caller, parseApplicationSearch(req.query)));
  });

  r.get('/applications/:id', async (req, res) => {
    const caller = await requireCapability(req, auth, 'read');
    const row = await visibleApplication(knex, schema, caller, param(req, 'id'));
    if (!row) throw new NotFoundError(`No application ${param(req, 'id')}`);
    res.json(applicationDetail(row as unknown as ApplicationRow, s.sealer));
  });

  r.get('/applications/:id/timeline', async (req, res) => {
    const caller = await requireCapability(req, auth, 'read');
    const row = await visibleApplication(knex, schema, caller, param(req, 'id'));
    if (!row) throw new NotFoundError(`No application ${param(req, 'id')}`);
    res.json({ id: row.id, status: row.status, dealerId: row.dealer_id, lenderId: row.lender_id, entries: await adminApplicationTimeline(knex, schema, String(row.id)) });
  });

  r.post('/applications/:id/reveal-pii', jsonBody(16 * 1024), async (req, res) => {
    const caller = await requireCapability(req, auth, 'read');
    requirePiiReveal(caller);
    const row = await visibleApplication(knex, schema, caller, param(req, 'id'));
    if (!row) throw new NotFoundError(`No application ${param(req, 'id')}`);
    const reason = typeof req.body?.reason === 'string' ? req.body.reason.slice(0, 500) : null;
    res.setHeader('cache-control', 'no-store');
    res.json(await revealPii(knex, schema, s.sealer, { applicationId: String(row.id), actor: caller.principal.userId, reason, sealed: (row.pii as Buffer | null) ?? null }));
  });

  r.get('/deliveries', async (req, res) => {
    const caller = await requireCapability(req, auth, 'read');
    res.json(await searchDeliveries(knex, schema, caller, parseDeliverySearch(req.query)));
  });

  r.get('/dead-letters', async (req, res) => {
    const caller = await requireCapability(req, auth, 'read');
    res.json(await searchDeliveries(knex, schema, caller, parseDeliverySearch(req.query, { status: ['dead_lettered'] })));
  });

  r.get('/deliveries/:id', async (req, res) => {
    const caller = await requireCapability(req, auth, 'read');
    const d = await deliveryDetail(knex, schema, caller, param(req, 'id'));
    if (!d) throw new NotFoundError(`No delivery ${param(req, 'id')}`);
    res.json(d);
  });

  r.get('/audit', async (req, res) => {
    await requireCapability(req, auth, 'opsRead');
    res.json(await searchAudit(knex, schema, parseAuditSearch(req.query)));
  });
}
