import { expect } from 'chai';
import express, { type Request, type Response } from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { pino } from 'pino';
import { createRouter } from '../../plugin/http/createRouter.js';
import { captureRawBody, rawBodyOf } from '../../plugin/http/rawBody.js';
import { NotAllowedError } from '../../plugin/index.js';
import type { RouteContributor } from '../../plugin/http/RouteContributor.js';
import { jsonOf } from '../support/harness.js';

describe('hot routes: answered without the sub-application set-up, as the router would answer them', () => {
  let url: string;
  let server: Server;
  let host: express.Express;
  /** Paths the host's own middleware, mounted before the plugin, saw. */
  const seenByHost: string[] = [];

  async function echo(req: Request, res: Response): Promise<void> {
    if (req.params.id === 'refused') throw new NotAllowedError('Unknown or disabled lender');
    await captureRawBody(req);
    res.json({
      id: req.params.id,
      length: rawBodyOf(req).length,
      prototype: Object.getPrototypeOf(req) === host.request ? 'host' : 'plugin',
    });
  }

  before(async () => {
    const contributor: RouteContributor = {
      order: 10,
      hotRoutes: [{ method: 'POST', path: '/callbacks/:id', handler: echo }],
      mount(router) {
        router.get('/plain', (_req, res) => {
          res.json({ plain: true });
        });
      },
    };
    host = express();
    host.set('trust proxy', true);
    host.use((req, _res, next) => {
      seenByHost.push(req.originalUrl);
      next();
    });
    host.use('/lw', createRouter({ logger: pino({ level: 'silent' }), contributors: [contributor], rawPrefixes: ['/callbacks/'] }));
    server = await new Promise<Server>((resolve) => {
      const s = host.listen(0, '127.0.0.1', () => resolve(s));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/lw`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const post = (path: string, body = '{"a":1}') => fetch(url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

  it('answers POST /callbacks/:id with the host\'s prototypes (no switch to the plugin\'s), the parameter decoded and the query ignored; the host\'s middleware before the plugin still runs', async () => {
    const res = await post('/callbacks/a%62c?x=1');
    expect(res.status).to.equal(200);
    expect(await res.json()).to.deep.equal({ id: 'abc', length: 7, prototype: 'host' });
    expect(res.headers.get('x-request-id'), 'the preamble ran').to.match(/^[0-9a-f-]{36}$/);
    expect(seenByHost).to.include('/lw/callbacks/a%62c?x=1');
  });

  it('answers other shapes of the path through the router, with the same handler (a trailing slash)', async () => {
    const res = await post('/callbacks/abc/');
    expect(res.status).to.equal(200);
    expect(await res.json()).to.deep.equal({ id: 'abc', length: 7, prototype: 'plugin' });
  });

  it('answers what no route matches, and a path segment that is not valid text, with a 404 problem', async () => {
    for (const path of ['/callbacks/', '/callbacks/a/b', '/callbacks/%00', '/callbacks/%ED%A0%80']) {
      const res = await post(path);
      expect(res.status, path).to.equal(404);
      expect(res.headers.get('content-type'), path).to.equal('application/problem+json; charset=utf-8');
      expect((await jsonOf(res)).status).to.equal(404);
    }
    const get = await fetch(`${url}/callbacks/abc`);
    expect(get.status, 'another method').to.equal(404);
  });

  it('sends a hot handler\'s error as the plugin\'s problem+json, without an ETag whatever the host\'s settings', async () => {
    const res = await post('/callbacks/refused');
    expect(res.status).to.equal(403);
    expect(res.headers.get('content-type')).to.equal('application/problem+json; charset=utf-8');
    expect(res.headers.get('etag')).to.equal(null);
    expect((await jsonOf(res)).detail).to.equal('Unknown or disabled lender');
  });

  it('leaves the other routes to the router', async () => {
    const res = await fetch(`${url}/plain`);
    expect(await res.json()).to.deep.equal({ plain: true });
  });

  it('refuses a hot route whose path is not a fixed prefix and one parameter', () => {
    for (const path of ['/callbacks/:a/:b', '/callbacks', '/:id', '/callbacks/:id/x']) {
      const contributor: RouteContributor = { hotRoutes: [{ method: 'POST', path, handler: echo }] };
      expect(() => createRouter({ logger: pino({ level: 'silent' }), contributors: [contributor], rawPrefixes: [] }), path).to.throw(/fixed prefix and one parameter/);
    }
  });
});
