import express, { type Request, type Response } from 'express';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { listen } from '../listen.js';
import { checkFaults, faultHappens, type SandboxFaults } from './faults.js';
import { scenarioFromSubmission, scriptFor, type SandboxScenario, type ScriptedCallback } from './apptrakerScenarios.js';

export interface ApptrakerSandboxOptions {
  /** Port to listen on (0 = any free port). */
  port?: number;
  /** The X-API-KEY the sandbox expects on submissions. */
  apiKey: string;
  /** Where callbacks go (lendwire's `POST {base}/callbacks/:lenderId`); may be set later with setCallbackUrl. */
  callbackUrl?: string;
  /** The X-API-KEY the sandbox sends with callbacks. */
  callbackApiKey: string;
  /** The lender name written in callbacks. */
  lenderName?: string;
  /** Delay between two callbacks of one application, ms (the "pace"). */
  paceMs?: number;
  /** Extra delay for slow answers/callbacks, ms. */
  slowMs?: number;
  faults?: SandboxFaults;
  /** Overrides how the scenario is chosen from the submitted body. */
  scenarioFor?: (rawBody: string) => SandboxScenario;
  random?: () => number;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
}

export interface SandboxSubmission {
  appId: string;
  appNo: number;
  scenario: SandboxScenario;
  receivedAt: Date;
  body: unknown;
}

export interface SentCallback {
  appId: string;
  label: string;
  status: number | null;
  error?: string;
}

export interface ApptrakerSandbox {
  url: string;
  /** URL lendwire's lender `submission.url` should point at. */
  submissionUrl: string;
  submissions: SandboxSubmission[];
  callbacks: SentCallback[];
  setCallbackUrl(url: string): void;
  setFaults(faults: SandboxFaults): void;
  /** Resolves when every scheduled callback was sent. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

function sameKey(given: string | undefined, expected: string): boolean {
  const a = Buffer.from(given ?? '');
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Applies the callback faults to a scenario's script. */
function withFaults(script: ScriptedCallback[], faults: SandboxFaults, random: () => number): ScriptedCallback[] {
  let out = script.map((c) => {
    if (c.label === 'stage1') return c;
    if (faultHappens(faults, 'malformed', random)) return { label: `${c.label}:malformed`, body: '<html><body>502 Bad Gateway</body></html>' };
    if (faultHappens(faults, 'truncated', random)) return { label: `${c.label}:truncated`, body: c.body.slice(0, Math.max(20, Math.floor(c.body.length / 2))) };
    return c;
  });
  if (out.length > 3 && faultHappens(faults, 'outOfOrder', random)) out = [out[0], out[2], out[1], ...out.slice(3)];
  if (faultHappens(faults, 'duplicate', random)) out = out.flatMap((c) => [c, { ...c, label: `${c.label}:duplicate` }]);
  if (out.length > 2 && faultHappens(faults, 'late', random)) out = [...out, { ...out[1], label: `${out[1].label}:late` }];
  return out;
}

/**
 * An appTRAKER-compatible lender sandbox: `POST /api/applications` (X-API-KEY)
 * answers `{ AppId, Status: "RECEIVED" }`, then the sandbox sends the stage-1
 * `PROCESSED` callback and the scenario's stage-2+ callbacks, one per `paceMs`,
 * with optional fault injection. `POST /sandbox/faults` changes faults at run time.
 */
export async function startApptrakerSandbox(options: ApptrakerSandboxOptions): Promise<ApptrakerSandbox> {
  const random = options.random ?? Math.random;
  const paceMs = options.paceMs ?? 1000;
  const slowMs = options.slowMs ?? 5000;
  const log = options.log ?? (() => undefined);
  let faults: SandboxFaults = { ...(options.faults ?? {}) };
  let callbackUrl = options.callbackUrl;
  let nextAppNo = 1048576 + Math.floor(random() * 1000) * 1000;
  const submissions: SandboxSubmission[] = [];
  const callbacks: SentCallback[] = [];
  const inFlight = new Set<Promise<void>>();
  const timers = new Map<NodeJS.Timeout, () => void>();
  let closed = false;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.set(t, resolve);
    });

  async function send(appId: string, callback: ScriptedCallback): Promise<void> {
    if (!callbackUrl) {
      callbacks.push({ appId, label: callback.label, status: null, error: 'no callback URL set' });
      return;
    }
    // Like the real vendor: a few retries when the receiver is unavailable.
    for (let attempt = 1; attempt <= 3 && !closed; attempt++) {
      try {
        const res = await fetch(callbackUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': options.callbackApiKey },
          body: callback.body,
          signal: AbortSignal.timeout(10_000),
        });
        await res.arrayBuffer();
        if (res.status < 500 || attempt === 3) {
          callbacks.push({ appId, label: callback.label, status: res.status });
          log(`sandbox: callback ${callback.label} for ${appId} -> ${res.status}`);
          return;
        }
      } catch (err) {
        if (attempt === 3) callbacks.push({ appId, label: callback.label, status: null, error: (err as Error).message });
      }
      await sleep(200 * attempt);
    }
  }

  function play(appId: string, script: ScriptedCallback[]): void {
    const run = (async () => {
      for (const callback of script) {
        await sleep(paceMs + (faultHappens(faults, 'slowCallbacks', random) ? slowMs : 0));
        if (closed) return;
        await send(appId, callback);
      }
    })();
    inFlight.add(run);
    void run.finally(() => inFlight.delete(run));
  }

  const app = express();
  app.disable('x-powered-by');
  app.post('/api/applications', express.text({ type: () => true, limit: '1mb' }), async (req: Request, res: Response) => {
    if (!sameKey(req.get('x-api-key'), options.apiKey)) {
      res.status(401).json({ Status: 'ERROR', Message: 'Invalid API key' });
      return;
    }
    const raw = typeof req.body === 'string' ? req.body : '';
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      res.status(400).json({ Status: 'ERROR', Message: 'Request body is not valid JSON' });
      return;
    }
    if (faultHappens(faults, 'submit5xx', random)) {
      res.status(503).type('text/html').send('<html><body>503 Service Temporarily Unavailable</body></html>');
      return;
    }
    const appId = `AT-${randomBytes(4).toString('hex').toUpperCase()}`;
    const appNo = nextAppNo++;
    const scenario = (options.scenarioFor ?? scenarioFromSubmission)(raw);
    submissions.push({ appId, appNo, scenario, receivedAt: new Date(), body });
    log(`sandbox: received ${appId} (${scenario})`);
    play(appId, withFaults(scriptFor(scenario, { appId, appNo, lenderName: options.lenderName ?? 'westlake', start: new Date() }), faults, random));
    if (faultHappens(faults, 'submitTimeout', random)) return; // accepted, but the answer never comes
    if (faultHappens(faults, 'submitSlow', random)) await sleep(slowMs);
    res.status(200).json({ AppId: appId, Status: 'RECEIVED', Message: 'Application accepted for processing' });
  });
  app.post('/sandbox/faults', express.json(), (req: Request, res: Response) => {
    const checked = checkFaults(req.body);
    if (checked.problems.length) {
      res.status(422).json({ problems: checked.problems });
      return;
    }
    faults = checked.faults;
    res.json({ faults });
  });
  app.get('/sandbox/state', (_req: Request, res: Response) => {
    res.json({ faults, submissions: submissions.map(({ body: _body, ...s }) => s), callbacks });
  });

  const server = await listen(app, options.port);
  return {
    url: server.url,
    submissionUrl: `${server.url}/api/applications`,
    submissions,
    callbacks,
    setCallbackUrl(url) {
      callbackUrl = url;
    },
    setFaults(next) {
      faults = { ...next };
    },
    async idle() {
      while (inFlight.size) await Promise.all([...inFlight]);
    },
    async close() {
      closed = true;
      // Wake every pending pace timer so in-flight scripts see `closed` and end.
      for (const [t, wake] of timers) {
        clearTimeout(t);
        wake();
      }
      timers.clear();
      await server.close();
    },
  };
}
