import express, { type Request, type Response } from 'express';
import { listen } from '../listen.js';
import { verifyStandardWebhook } from './verifyStandardWebhook.js';

export interface ReceivedWebhook {
  id: string;
  type: string;
  data: Record<string, unknown>;
  receivedAt: Date;
}

export interface SampleReceiver {
  /** Where to point a subscription: `${url}/webhooks`. */
  url: string;
  webhookUrl: string;
  received: ReceivedWebhook[];
  /** Requests refused because their signature did not verify. */
  rejected: { reason: string; at: Date }[];
  close(): Promise<void>;
}

export interface SampleReceiverOptions {
  port?: number;
  /** The subscription's `whsec_...` secret. */
  secret: string;
  /** Where each received event is printed (default console.log; pass a no-op to stay quiet). */
  print?: (line: string) => void;
}

/** One line per event, never personal data: type, application, status. */
function describe(type: string, data: Record<string, unknown>): string {
  const parts = [type];
  if (typeof data.applicationId === 'string') parts.push(data.applicationId);
  if (typeof data.previousStatus === 'string' || typeof data.status === 'string') parts.push(`${data.previousStatus ?? '-'} -> ${data.status ?? '-'}`);
  return parts.join('  ');
}

/**
 * What a partner would run to receive lendwire's webhooks: it verifies each
 * request's Standard Webhooks signature over the raw bytes (401 otherwise),
 * ignores a `webhook-id` it has already processed, and prints what it got.
 */
export async function startSampleReceiver(options: SampleReceiverOptions): Promise<SampleReceiver> {
  const print = options.print ?? ((line: string) => console.log(line));
  const received: ReceivedWebhook[] = [];
  const rejected: { reason: string; at: Date }[] = [];
  const seen = new Set<string>();
  const app = express();
  app.disable('x-powered-by');
  app.post('/webhooks', express.raw({ type: () => true, limit: '1mb' }), (req: Request, res: Response) => {
    const raw = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
    const verdict = verifyStandardWebhook(
      options.secret,
      { id: req.get('webhook-id'), timestamp: req.get('webhook-timestamp'), signature: req.get('webhook-signature') },
      raw,
    );
    if (!verdict.ok) {
      rejected.push({ reason: verdict.reason, at: new Date() });
      print(`receiver: REJECTED (${verdict.reason})`);
      res.status(401).json({ error: verdict.reason });
      return;
    }
    const id = req.get('webhook-id') as string;
    if (seen.has(id)) {
      res.status(200).json({ ok: true, duplicate: true });
      return;
    }
    let envelope: { type?: unknown; data?: unknown };
    try {
      envelope = JSON.parse(raw) as { type?: unknown; data?: unknown };
    } catch {
      res.status(400).json({ error: 'body is not JSON' });
      return;
    }
    seen.add(id);
    const type = String(envelope.type);
    const data = (envelope.data && typeof envelope.data === 'object' ? envelope.data : {}) as Record<string, unknown>;
    received.push({ id, type, data, receivedAt: new Date() });
    print(`receiver: ${describe(type, data)}`);
    res.status(200).json({ ok: true });
  });
  app.get('/webhooks', (_req: Request, res: Response) => {
    res.json(received);
  });
  const server = await listen(app, options.port);
  return { url: server.url, webhookUrl: `${server.url}/webhooks`, received, rejected, close: () => server.close() };
}
