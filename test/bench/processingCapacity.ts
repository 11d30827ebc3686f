/**
 * Capacity of the callback processing stage alone: N stage-2 callbacks are stored
 * and queued while the workers are stopped, then the workers start and the time
 * until none is pending is measured (no subscriptions, so no deliveries compete).
 * A same-machine figure for comparing builds, independent of the load generator.
 *
 *   CAPACITY_CALLBACKS=2000 npx tsx test/bench/processingCapacity.ts
 */
import { Pool } from 'undici';
import { registerBuiltInAdapters } from '../../adapters/index.js';
import { callbackManifest, fixture, renumbered, WESTLAKE_KEY } from '../callbacks/callbackSupport.js';
import { createHarness } from '../support/harness.js';
import { productionLikeLogger, sleep } from './benchSupport.js';
import { chainAppNo, seedChainApplications } from './callbackChain.js';

const count = Number(process.env.CAPACITY_CALLBACKS ?? 2000);
const concurrency = process.env.CAPACITY_CONCURRENCY ? Number(process.env.CAPACITY_CONCURRENCY) : undefined;

async function main(): Promise<void> {
  const manifest = { ...callbackManifest(), ...(concurrency ? { runtime: { concurrency: { callbacks: concurrency } } } : {}) };
  const h = await createHarness({ manifest, register: registerBuiltInAdapters, start: false, extra: { logger: productionLikeLogger() } });
  try {
    await seedChainApplications(h, 'cap', count);
    const template = fixture('02-decision-conditioned.json');
    const url = new URL(h.url);
    const pool = new Pool(url.origin, { connections: 20 });
    for (let from = 0; from < count; from += 200) {
      await Promise.all(
        Array.from({ length: Math.min(200, count - from) }, async (_, k) => {
          const i = from + k;
          const res = await pool.request({ method: 'POST', path: `${url.pathname}/callbacks/westlake`, headers: { 'content-type': 'application/json', 'x-api-key': WESTLAKE_KEY }, body: renumbered(template, `AT-capx${i}`, chainAppNo('cap', i)) });
          await res.body.text();
          if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode}`);
        }),
      );
    }
    await pool.close();
    let statements = 0;
    const onQuery = () => statements++;
    h.db.knex.on('query', onQuery);
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    await h.lendwire.start();
    const pending = async () => Number((await h.db.knex.raw(`SELECT count(*)::int AS n FROM lendwire.raw_callbacks WHERE process_status = 'pending'`)).rows[0].n);
    while ((await pending()) > 0) await sleep(20);
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    h.db.knex.off('query', onQuery);
    console.log(`${count} callbacks processed in ${seconds.toFixed(2)} s: ${(count / seconds).toFixed(0)} callbacks/s (${(statements / count).toFixed(2)} SQL statements per callback incl. relay; CPU time of the process ${((cpu.user + cpu.system) / 1000 / count).toFixed(3)} ms per callback)`);
  } finally {
    await h.close();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
