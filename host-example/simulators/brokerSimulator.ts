import express, { type Request, type Response } from 'express';
import { createHmac, randomUUID } from 'node:crypto';
import { ulid } from 'ulid';
import { listen } from '../listen.js';

export type CaseOutcome = 'selected' | 'declined' | 'withdrawn' | 'ineligible' | 'completed';

export interface BrokerSimulatorOptions {
  port?: number;
  /** The retailer's shared secret (X-Broker-Signature is hex HMAC-SHA256 of the body under it). */
  secret: string;
  /** lendwire's `POST {base}/callbacks/:lenderId` for the broker lender; may be set later. */
  callbackUrl?: string;
  retailerName?: string;
  /** Delay between the customer link and the outcome, ms. */
  paceMs?: number;
  /** Delay between opening a session and the customer's outcome, ms (default paceMs). */
  outcomeAfterMs?: number;
  /** Whether a session opened through `POST /sessions` gets its outcome by itself `paceMs` later (default true); tests send outcomes themselves. */
  autoOutcome?: boolean;
  /** Holds the answer to `POST /sessions` this long after opening the session (tests: a lost answer). */
  answerDelayMs?: number;
  log?: (line: string) => void;
}

export interface BrokerDelivery {
  event: string;
  sessionId: string;
  deliveryId: string;
  status: number | null;
  error?: string;
}

/** A session opened through `POST /sessions`, as the broker keeps it. */
export interface BrokerSession {
  sessionId: string;
  customerUrl: string;
  /** lendwire's application id, when the caller sent one. */
  reference: string | null;
  body: Record<string, unknown>;
}

export interface BrokerSimulator {
  url: string;
  deliveries: BrokerDelivery[];
  /** Every session opened, oldest first. */
  sessions: BrokerSession[];
  setCallbackUrl(url: string): void;
  /** Sends a signed `case_outcome` webhook for a session (fresh `deliveredAt`, new `delivery.id` unless given). */
  sendCaseOutcome(sessionId: string, outcome: CaseOutcome, extra?: { deliveryId?: string; reason?: string }): Promise<BrokerDelivery>;
  /** Sends a signed `customer_link_ready` webhook. */
  sendCustomerLinkReady(sessionId: string, firstName?: string): Promise<BrokerDelivery>;
  idle(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A "Lending Agent" style broker: `POST /sessions` opens a finance session for a
 * customer and later sends signed `customer_link_ready` and `case_outcome`
 * webhooks; tests can also send single webhooks directly.
 */
export async function startBrokerSimulator(options: BrokerSimulatorOptions): Promise<BrokerSimulator> {
  let callbackUrl = options.callbackUrl;
  const deliveries: BrokerDelivery[] = [];
  const log = options.log ?? (() => undefined);
  const inFlight = new Set<Promise<unknown>>();
  const timers = new Set<NodeJS.Timeout>();
  const retailerName = options.retailerName ?? 'Sunhaven Solar';

  async function deliver(event: string, sessionId: string, payload: Record<string, unknown>, deliveryId = `wh_${ulid()}`): Promise<BrokerDelivery> {
    const body = JSON.stringify({ event, deliveredAt: new Date().toISOString(), sessionId, ...payload, delivery: { id: deliveryId, attempt: 1 } });
    const result: BrokerDelivery = { event, sessionId, deliveryId, status: null };
    if (!callbackUrl) result.error = 'no callback URL set';
    else {
      try {
        const res = await fetch(callbackUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-broker-signature': createHmac('sha256', options.secret).update(body).digest('hex') },
          body,
          signal: AbortSignal.timeout(10_000),
        });
        await res.arrayBuffer();
        result.status = res.status;
      } catch (err) {
        result.error = (err as Error).message;
      }
    }
    deliveries.push(result);
    log(`broker: ${event} for ${sessionId} -> ${result.status ?? result.error}`);
    return result;
  }

  const track = <T>(p: Promise<T>): Promise<T> => {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p)).catch(() => undefined);
    return p;
  };

  const sessions: BrokerSession[] = [];
  const sim: Omit<BrokerSimulator, 'url' | 'close'> = {
    deliveries,
    sessions,
    setCallbackUrl(url) {
      callbackUrl = url;
    },
    sendCaseOutcome(sessionId, outcome, extra = {}) {
      const kase: Record<string, unknown> = {
        outcome,
        project: { projectValue: 14000, depositAmount: 1500, netLoanAmount: 12500, productSpec: 'panels_battery' },
        contact: { firstName: 'Aisha', lastName: 'Rahman', mobile: '+447700900123', email: 'aisha@example.com' },
        auditUrl: `https://broker.example.com/audit/${sessionId}`,
      };
      if (outcome === 'selected' || outcome === 'completed') {
        kase.selectedOffer = { lender: 'This Bank', aprPct: 11.4, termMonths: 120, monthlyPayment: 152.34, totalPayable: 18280.8, netLoanAmount: 12500 };
      }
      if (outcome === 'declined') kase.suggestedActions = ['smaller_amount', 'longer_term'];
      if (extra.reason) kase.reason = extra.reason;
      return track(deliver('case_outcome', sessionId, { retailerName, case: kase }, extra.deliveryId));
    },
    sendCustomerLinkReady(sessionId, firstName = 'Aisha') {
      return track(
        deliver('customer_link_ready', sessionId, {
          url: `https://broker.example.com/c/${sessionId}`,
          contact: { firstName, mobile: '+447700900123' },
          smsTemplate: "Hi {{firstName}}, here's your finance link from {{retailerName}}: {{url}}",
        }),
      );
    },
    async idle() {
      while (inFlight.size) await Promise.allSettled([...inFlight]);
    },
  };

  const app = express();
  app.disable('x-powered-by');
  // Opens a session; the customer "chooses" an offer `paceMs` later. A session
  // lendwire opened (it sends `reference`) got its link in the answer, so only
  // the outcome follows; others also get a customer_link_ready webhook.
  app.post('/sessions', express.json(), (req: Request, res: Response) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const outcome = (body.outcome as CaseOutcome | undefined) ?? 'selected';
    const reference = typeof body.reference === 'string' ? body.reference : null;
    const sessionId = randomUUID();
    const customerUrl = `https://broker.example.com/c/${sessionId}`;
    sessions.push({ sessionId, customerUrl, reference, body });
    log(`broker: session ${sessionId} opened${reference ? ` for ${reference}` : ''}`);
    const answer = () => res.status(201).json({ sessionId, customerUrl });
    if (options.answerDelayMs) {
      const d = setTimeout(() => (timers.delete(d), res.writable && answer()), options.answerDelayMs);
      timers.add(d);
    } else answer();
    if (options.autoOutcome === false) return;
    const t = setTimeout(() => {
      timers.delete(t);
      const link = reference ? Promise.resolve() : sim.sendCustomerLinkReady(sessionId);
      void link.then(() => sim.sendCaseOutcome(sessionId, outcome));
    }, options.outcomeAfterMs ?? options.paceMs ?? 1000);
    timers.add(t);
  });
  // lendwire's lookup after a lost answer: the session opened for a reference, if any.
  app.get('/sessions', (req: Request, res: Response) => {
    const found = sessions.find((s) => s.reference !== null && s.reference === req.query.reference);
    if (!found) return void res.status(404).json({ error: 'no session with this reference' });
    res.json({ sessionId: found.sessionId, customerUrl: found.customerUrl });
  });
  const server = await listen(app, options.port);
  return {
    ...sim,
    url: server.url,
    async close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await server.close();
    },
  };
}
