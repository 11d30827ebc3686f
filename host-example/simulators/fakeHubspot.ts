import express, { type Request, type Response } from 'express';
import { listen } from '../listen.js';

export interface CrmCall {
  method: string;
  path: string;
  body: unknown;
  at: Date;
}

export interface FakeHubspot {
  /** Base URL to put in the manifest's `crm[].baseUrl`. */
  url: string;
  calls: CrmCall[];
  /** Deals by the value of their unique id property. */
  deals: Map<string, { id: string; properties: Record<string, unknown> }>;
  close(): Promise<void>;
}

/**
 * A local stand-in for the HubSpot CRM v3 endpoints lendwire's adapter uses
 * (deal update by unique property, batch upsert, tasks), so the demo shows CRM
 * sync with the network closed. It checks the bearer token like HubSpot does.
 */
export async function startFakeHubspot(options: { port?: number; accessToken: string; log?: (line: string) => void }): Promise<FakeHubspot> {
  const calls: CrmCall[] = [];
  const deals = new Map<string, { id: string; properties: Record<string, unknown> }>();
  const tasks: { id: string; properties: Record<string, unknown>; matchable: Record<string, string> }[] = [];
  let nextId = 9000001;
  const log = options.log ?? (() => undefined);
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '1mb' }));
  // What the CRM received, for people watching the demo (not a HubSpot endpoint).
  app.get('/__calls', (_req: Request, res: Response) => {
    res.json(calls);
  });
  app.use((req: Request, res: Response, next) => {
    calls.push({ method: req.method, path: req.originalUrl, body: req.body, at: new Date() });
    if (req.get('authorization') !== `Bearer ${options.accessToken}`) {
      res.status(401).json({ status: 'error', message: 'Authentication credentials not found.', category: 'INVALID_AUTHENTICATION', correlationId: 'fake' });
      return;
    }
    next();
  });
  app.patch('/crm/v3/objects/deals/:value', (req: Request, res: Response) => {
    const deal = deals.get(String(req.params.value));
    if (!deal) {
      res.status(404).json({ status: 'error', message: 'Object not found', category: 'OBJECT_NOT_FOUND', correlationId: 'fake' });
      return;
    }
    Object.assign(deal.properties, req.body?.properties ?? {});
    log(`crm: deal ${deal.id} updated (${Object.keys(req.body?.properties ?? {}).join(', ')})`);
    res.json({ id: deal.id, properties: deal.properties });
  });
  app.post('/crm/v3/objects/deals/batch/upsert', (req: Request, res: Response) => {
    const inputs = (req.body?.inputs ?? []) as { id: string; idProperty?: string; properties?: Record<string, unknown> }[];
    const results = inputs.map((input) => {
      const existing = deals.get(input.id);
      const deal = existing ?? { id: String(nextId++), properties: {} };
      Object.assign(deal.properties, input.properties ?? {});
      deals.set(input.id, deal);
      log(`crm: deal ${deal.id} ${existing ? 'updated' : 'created'} for ${input.id}`);
      return { id: deal.id, properties: deal.properties, new: !existing };
    });
    res.json({ status: 'COMPLETE', results });
  });
  // Search before create is how the adapter keeps a retried sync from creating a task twice.
  app.post('/crm/v3/objects/tasks/search', (req: Request, res: Response) => {
    const filters = ((req.body?.filterGroups?.[0]?.filters ?? []) as { propertyName: string; value: string }[]).map((f) => [f.propertyName, String(f.value)] as const);
    const found = tasks.filter((t) => filters.every(([name, value]) => t.matchable[name] === value));
    res.json({ total: found.length, results: found.slice(0, 1).map((t) => ({ id: t.id, properties: t.properties })) });
  });
  app.post('/crm/v3/objects/tasks', (req: Request, res: Response) => {
    const properties = (req.body?.properties ?? {}) as Record<string, unknown>;
    const dealId = String(req.body?.associations?.[0]?.to?.id ?? '');
    const task = {
      id: String(nextId++),
      properties,
      matchable: { 'associations.deal': dealId, hs_task_subject: String(properties.hs_task_subject ?? ''), hs_timestamp: String(Date.parse(String(properties.hs_timestamp))) } as Record<string, string>,
    };
    tasks.push(task);
    log(`crm: task "${task.matchable.hs_task_subject}" created on deal ${dealId}`);
    res.status(201).json({ id: task.id, properties });
  });
  const server = await listen(app, options.port);
  return { url: server.url, calls, deals, close: () => server.close() };
}
