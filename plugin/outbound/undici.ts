import { createRequire } from 'node:module';
import type * as Undici from 'undici';

/**
 * The parts of undici lendwire runs (Agent, Pool, and `dispatcher.request()`), loaded from their own
 * files. The package's index also loads its fetch, WebSocket, EventSource, cache and
 * mock agents, none of which lendwire uses: 3 MB of every host's live heap, which V8
 * then multiplies into the RSS (docs/performance.md, "2026-12-05, tenth session").
 * test/foundation/leanImports.test.ts checks that these are undici's own classes and
 * importFootprint.test.ts that the index stays unloaded; a version of undici that moves them fails there.
 */
const load = createRequire(import.meta.url);

const Dispatcher = load('undici/lib/dispatcher/dispatcher.js') as typeof Undici.Dispatcher;
// What undici's index does on load: every dispatcher gets request(), stream(), pipeline(),
// connect() and upgrade(), so an adapter may call `ctx.dispatcher.request()` as with the index.
Object.assign(Dispatcher.prototype, load('undici/lib/api/index.js') as object);

export const Agent = load('undici/lib/dispatcher/agent.js') as typeof Undici.Agent;
export const Pool = load('undici/lib/dispatcher/pool.js') as typeof Undici.Pool;
