import { expect } from 'chai';
import { inFreshProcess } from '../support/inFreshProcess.js';

/** What a fresh process has loaded after importing `modules` (run through tsx, as the tests are): CommonJS packages by name and files (under node_modules), and external memory. */
async function footprintOf(modules: string[]): Promise<{ packages: string[]; files: string[]; externalMb: number }> {
  const script = `
    for (const m of ${JSON.stringify(modules)}) await import(m);
    // WebAssembly modules (ssh2's poly1305) are instantiated asynchronously after import.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const { createRequire } = await import('node:module');
    const cache = createRequire(import.meta.url).cache;
    const packages = [...new Set(Object.keys(cache).map((k) => /node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(k)?.[1]).filter(Boolean))];
    const files = Object.keys(cache).map((k) => k.split('/node_modules/').pop());
    console.log(JSON.stringify({ packages, files, externalMb: process.memoryUsage().external / 1048576 }));`;
  return inFreshProcess(script);
}

describe("what a host loads by importing lendwire", function () {
  this.timeout(60_000);

  it('the main entry and the built-in adapters load no SSH library (16 MB of WebAssembly memory): the SFTP transport loads it when it connects, the testing kit when a test imports it', async () => {
    const main = await footprintOf(['./plugin/index.ts', './adapters/index.ts']);
    expect(main.packages).to.include.members(['express', 'pino', 'ajv']);
    expect(main.packages).to.not.include('ssh2');
    // The same check can see it: the testing kit (lendwire/testing) does load it.
    const testing = await footprintOf(['./plugin/testing/index.ts']);
    expect(testing.packages).to.include('ssh2');
    expect(testing.externalMb - main.externalMb, 'external memory the SSH library adds').to.be.above(10);
  });

  it("loads undici's and BullMQ's classes from their own files: not undici's fetch, WebSocket, cache and mocks, nor BullMQ's PostgreSQL backend (4 MB of a host's heap)", async () => {
    const main = await footprintOf(['./plugin/index.ts', './adapters/index.ts']);
    expect(main.files).to.include.members(['undici/lib/dispatcher/agent.js', 'bullmq/dist/cjs/classes/worker.js']);
    const unwanted = main.files.filter((f) => /^undici\/(index\.js|lib\/(web|mock|cache)\/)|^bullmq\/dist\/cjs\/(index\.js|postgres\/)/.test(f));
    expect(unwanted).to.deep.equal([]);
    // The same check sees them when the packages' indexes are imported.
    const roots = await footprintOf(['undici', 'bullmq']);
    expect(roots.files).to.include.members(['undici/index.js', 'undici/lib/web/fetch/index.js', 'bullmq/dist/cjs/index.js']);
  });
});
