import type { Request, Router } from 'express';
import { jsonBody } from '../../http/jsonBody.js';
import { requireCapability } from './adminAccess.js';
import type { AdminServices } from './AdminServices.js';
import type { SubscriptionInput, SubscriptionPatch } from '../../webhooks/validateSubscriptionInput.js';

const param = (req: Request, name: string) => String(req.params[name]);
const body = (req: Request): Record<string, unknown> => (req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? req.body : {});

/** Subscriptions: staff read them; only admins change them (secrets are shown once, on create and rotate). */
export function mountSubscriptionRoutes(r: Router, s: AdminServices): void {
  const { auth, subscriptions } = s;
  const parse = jsonBody(64 * 1024);

  r.get('/subscriptions', async (req, res) => {
    await requireCapability(req, auth, 'opsRead');
    res.json({ items: await subscriptions.list() });
  });

  r.get('/subscriptions/:id', async (req, res) => {
    await requireCapability(req, auth, 'opsRead');
    res.json(await subscriptions.get(param(req, 'id')));
  });

  r.post('/subscriptions', parse, async (req, res) => {
    const caller = await requireCapability(req, auth, 'manage');
    const created = await subscriptions.create(body(req) as unknown as SubscriptionInput, { actor: caller.principal.userId });
    res.setHeader('cache-control', 'no-store');
    res.status(201).json(created);
  });

  r.patch('/subscriptions/:id', parse, async (req, res) => {
    const caller = await requireCapability(req, auth, 'manage');
    res.json(await subscriptions.update(param(req, 'id'), body(req) as SubscriptionPatch, { actor: caller.principal.userId }));
  });

  r.post('/subscriptions/:id/disable', parse, async (req, res) => {
    const caller = await requireCapability(req, auth, 'manage');
    const reason = typeof body(req).reason === 'string' ? String(body(req).reason).slice(0, 500) : 'disabled by an operator';
    res.json(await subscriptions.disable(param(req, 'id'), reason, { actor: caller.principal.userId }));
  });

  r.post('/subscriptions/:id/enable', async (req, res) => {
    const caller = await requireCapability(req, auth, 'manage');
    res.json(await subscriptions.enable(param(req, 'id'), { actor: caller.principal.userId }));
  });

  r.post('/subscriptions/:id/rotate-secret', async (req, res) => {
    const caller = await requireCapability(req, auth, 'manage');
    res.setHeader('cache-control', 'no-store');
    res.json(await subscriptions.rotateSecret(param(req, 'id'), { actor: caller.principal.userId }));
  });

  r.post('/subscriptions/:id/test', async (req, res) => {
    const caller = await requireCapability(req, auth, 'manage');
    res.status(202).json(await subscriptions.sendTestEvent(param(req, 'id'), { actor: caller.principal.userId }));
  });
}
