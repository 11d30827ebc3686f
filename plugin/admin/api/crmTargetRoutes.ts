import type { Request, Router } from 'express';
import { requireCapability } from './adminAccess.js';
import type { AdminServices } from './AdminServices.js';

const param = (req: Request, name: string) => String(req.params[name]);

/** CRM targets: staff see which are paused and why; admins and operators resume them (audited). */
export function mountCrmTargetRoutes(r: Router, s: AdminServices): void {
  const { auth, crmTargets } = s;

  r.get('/crm-targets', async (req, res) => {
    await requireCapability(req, auth, 'opsRead');
    res.json({ items: await crmTargets.list() });
  });

  r.post('/crm-targets/:id/resume', async (req, res) => {
    const caller = await requireCapability(req, auth, 'act');
    res.json(await crmTargets.resume(param(req, 'id'), { actor: caller.principal.userId }));
  });
}
