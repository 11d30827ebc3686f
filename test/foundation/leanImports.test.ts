import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as BullMQ from 'bullmq';
import * as Undici from 'undici';
import { Agent, Pool } from '../../plugin/outbound/undici.js';
import { DelayedError, Queue, Worker } from '../../plugin/queue/bullmq.js';
import { inFreshProcess } from '../support/inFreshProcess.js';

describe('undici and BullMQ as lendwire loads them (from their own files)', function () {
  this.timeout(30_000);

  it("are the packages' own classes, the ones their indexes export", () => {
    expect(Agent).to.equal(Undici.Agent);
    expect(Pool).to.equal(Undici.Pool);
    expect(Queue).to.equal(BullMQ.Queue);
    expect(Worker).to.equal(BullMQ.Worker);
    expect(DelayedError).to.equal(BullMQ.DelayedError);
  });

  it("gives every dispatcher request() without undici's index, as the index would (an adapter may call ctx.dispatcher.request())", async () => {
    const script = `
      const { Agent } = await import('./plugin/outbound/undici.ts');
      const { createRequire } = await import('node:module');
      const indexLoaded = Object.keys(createRequire(import.meta.url).cache).some((k) => k.endsWith('/node_modules/undici/index.js'));
      const agent = new Agent();
      console.log(JSON.stringify({ indexLoaded, request: typeof agent.request, stream: typeof agent.stream }));
      await agent.close();`;
    expect(await inFreshProcess(script)).to.deep.equal({ indexLoaded: false, request: 'function', stream: 'function' });
  });

  describe('a request through the lean Agent', () => {
    let server: Server;
    let origin: string;
    before(async () => {
      server = createServer((req, res) => {
        let body = '';
        req.on('data', (c: Buffer) => (body += c));
        req.on('end', () => res.writeHead(201, { 'content-type': 'text/plain' }).end(`${req.method} ${req.url} ${body}`));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('reaches the server with its method, path, query and body', async () => {
      const agent = new Agent();
      try {
        const res = await agent.request({ origin, path: '/hook?x=1', method: 'POST', body: 'hello' });
        expect(res.statusCode).to.equal(201);
        expect(await res.body.text()).to.equal('POST /hook?x=1 hello');
      } finally {
        await agent.close();
      }
    });
  });
});
