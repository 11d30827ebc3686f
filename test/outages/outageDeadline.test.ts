import { expect } from 'chai';
import express, { type Request, type Response } from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { outageDeadline, requestAbandoned } from '../../plugin/http/outageDeadline.js';

/** The deadline alone, on a real server: what a request sees, and what work still running for it is told. */
describe('outage deadline', () => {
  let server: Server;
  let base: string;
  let down: string | undefined;
  const signals: Record<string, AbortSignal | undefined> = {};
  const finished: Record<string, boolean> = {};

  before(async () => {
    const app = express();
    app.use(outageDeadline({ deadlineMs: 200, outage: () => down, send: (_err, _req, res) => void res.status(503).json({ status: 503 }) }));
    app.get('/slow/:ms', (req: Request, res: Response) => {
      const name = String(req.query.name);
      if (req.query.askFirst) signals[name] = requestAbandoned(req);
      setTimeout(() => {
        // Asked only now, after a 503 went out: the signal is already aborted.
        signals[name] ??= requestAbandoned(req);
        finished[name] = true;
        if (!res.headersSent) res.json({ ok: true });
      }, Number(req.params.ms));
    });
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('lets a slow request on healthy dependencies run to its end, and never aborts its work', async () => {
    down = undefined;
    const res = await fetch(`${base}/slow/500?name=healthy&askFirst=1`);
    expect(res.status).to.equal(200);
    expect(signals.healthy?.aborted).to.equal(false);
  });

  it('answers 503 soon after the deadline when a dependency is down, and tells the work it was abandoned (signal asked before or after)', async () => {
    down = 'PostgreSQL';
    const started = Date.now();
    const [early, late] = await Promise.all([fetch(`${base}/slow/700?name=early&askFirst=1`), fetch(`${base}/slow/700?name=late`)]);
    const ms = Date.now() - started;
    expect(early.status).to.equal(503);
    expect(late.status).to.equal(503);
    expect(ms, `answered after ${ms} ms`).to.be.within(200, 650);
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(finished.early && finished.late).to.equal(true);
    expect(signals.early?.aborted).to.equal(true);
    expect(signals.late?.aborted).to.equal(true);
  });

  it('cuts short a request that was healthy at its deadline when the dependency fails later', async () => {
    down = undefined;
    const pending = fetch(`${base}/slow/900?name=later`);
    setTimeout(() => (down = 'Redis'), 400);
    const res = await pending;
    down = undefined;
    expect(res.status).to.equal(503);
  });
});
