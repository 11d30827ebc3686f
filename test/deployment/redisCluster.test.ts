import { expect } from 'chai';
import { Cluster, Redis } from 'ioredis';
import { pino } from 'pino';
import { randomBytes } from 'node:crypto';
import { duplicateConnection } from '../../plugin/index.js';
import { isRedisCluster } from '../../plugin/kernel/RedisClient.js';
import { QueueFactory } from '../../plugin/queue/QueueFactory.js';
import { EndpointGate } from '../../plugin/delivery/EndpointGate.js';
import { DealerRateLimiter } from '../../plugin/applications/DealerRateLimiter.js';
import { claimQueuePrefix, claimKey } from '../../plugin/deployment/claimQueuePrefix.js';
import { connectTestRedis, deleteKeys, keysMatching, testClusterNodes, TEST_REDIS_URL } from '../support/testRedis.js';
import { waitFor } from '../support/waitFor.js';

describe('duplicateConnection: a connection of the same kind for queues and workers', () => {
  it('duplicates a Redis with the overrides (the original keeps its options)', () => {
    const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true, connectTimeout: 1234 });
    const copy = duplicateConnection(redis, { maxRetriesPerRequest: null });
    try {
      expect(copy).to.be.instanceOf(Redis).and.not.equal(redis);
      expect(copy.options).to.include({ connectTimeout: 1234, maxRetriesPerRequest: null, port: redis.options.port, host: redis.options.host });
      expect(redis.options.maxRetriesPerRequest).not.to.equal(null);
    } finally {
      copy.disconnect();
      redis.disconnect();
    }
  });

  it('duplicates a Cluster as a Cluster on the same startup nodes, the overrides on every node connection (what BullMQ workers check)', () => {
    const nodes = [{ host: '127.0.0.1', port: 7101 }, { host: '127.0.0.1', port: 7102 }];
    const cluster = new Cluster(nodes, { lazyConnect: true, scaleReads: 'master', redisOptions: { connectTimeout: 1234 } });
    const copy = duplicateConnection(cluster, { maxRetriesPerRequest: null });
    try {
      expect(isRedisCluster(copy)).to.equal(true);
      expect(copy).not.to.equal(cluster);
      expect((copy as unknown as { startupNodes: unknown[] }).startupNodes).to.deep.equal(nodes);
      expect(copy.options.scaleReads).to.equal('master');
      expect(copy.options.redisOptions).to.include({ connectTimeout: 1234, maxRetriesPerRequest: null });
      expect(cluster.options.redisOptions?.maxRetriesPerRequest).to.equal(undefined);
    } finally {
      copy.disconnect();
      cluster.disconnect();
    }
  });
});

describe('on a Redis Cluster (npm run test:cluster)', function () {
  this.timeout(30_000);
  let cluster: Cluster;
  const logger = pino({ level: 'silent' });
  const prefixes: string[] = [];

  before(async function () {
    if (!testClusterNodes()) return this.skip();
    const connection = await connectTestRedis();
    if (!isRedisCluster(connection)) throw new Error('LENDWIRE_TEST_REDIS_CLUSTER is set but the test connection is not a Cluster');
    cluster = connection;
  });
  after(async () => {
    if (!cluster) return;
    for (const prefix of prefixes) await deleteKeys(cluster, `${prefix}*`);
    await cluster.quit();
  });

  /** The address of the master serving `key`'s slot, as the cluster itself says (CLUSTER KEYSLOT, CLUSTER SLOTS). */
  const masterOf = async (key: string): Promise<string> => {
    const slot = Number(await cluster.call('CLUSTER', 'KEYSLOT', key));
    const ranges = (await cluster.call('CLUSTER', 'SLOTS')) as [number, number, [string, number]][];
    const range = ranges.find(([from, to]) => slot >= from && slot <= to)!;
    return `${range[2][0]}:${range[2][1]}`;
  };

  it('runs queues, workers, the endpoint gate, the dealer rate limit and the prefix claim for prefixes on every master; each prefix stays on one node', async () => {
    const masters = cluster.nodes('master').map((n) => `${n.options.host}:${n.options.port}`);
    expect(masters, 'a cluster of several masters').to.have.length.of.at.least(3);
    // One prefix per master: ioredis must route every script and pipeline to the node owning that prefix's slot.
    const byMaster = new Map<string, string>();
    while (byMaster.size < masters.length) {
      const prefix = `{lwt-${randomBytes(5).toString('hex')}}`;
      const master = await masterOf(prefix);
      if (!byMaster.has(master)) byMaster.set(master, prefix);
    }
    for (const [master, prefix] of byMaster) {
      prefixes.push(prefix);
      const config = { queuePrefix: prefix };
      await claimQueuePrefix(cluster, prefix, { deploymentId: `dep-${prefix}`, database: 'test', schema: 'lendwire' }, new Date());
      expect(await cluster.get(claimKey(prefix))).to.include(`dep-${prefix}`);

      const gate = new EndpointGate(cluster, config);
      const admit = { endpoint: 'subscription:partner', slotTtlMs: 10_000, cap: 1, tokenHeld: false, rateLimit: { perSecond: 1, burst: 1 } };
      expect(await gate.admit({ ...admit, deliveryId: 'd1' })).to.deep.equal({ verdict: 'go' });
      expect(await gate.admit({ ...admit, deliveryId: 'd2' })).to.deep.equal({ verdict: 'at_cap' });
      await gate.release('subscription:partner', 'd1', 5);
      expect((await gate.admit({ ...admit, deliveryId: 'd2' })).verdict).to.equal('rate_limited');

      const limiter = new DealerRateLimiter(cluster, config, logger);
      expect(await limiter.take('westlake', 'dealer-1', 1)).to.deep.equal({ allowed: true });
      expect((await limiter.take('westlake', 'dealer-1', 1)).allowed).to.equal(false);

      const queues = new QueueFactory(cluster, config, logger);
      try {
        const done: string[] = [];
        queues.worker<{ n: number; correlationId?: string }>('cluster-check', async (job) => {
          done.push(String(job.data.n));
        });
        await queues.queue<{ n: number }>('cluster-check').addBulk([1, 2, 3].map((n) => ({ name: 'n', data: { n } })));
        await waitFor(() => done.length === 3, 10_000, `the jobs on ${prefix}`);
        expect(done.sort()).to.deep.equal(['1', '2', '3']);
      } finally {
        await queues.close(2000);
      }

      // Every key of the prefix is on the master owning its slot, and on no other node.
      for (const node of cluster.nodes('master')) {
        const keys = await keysMatching(node, `${prefix}*`);
        const address = `${node.options.host}:${node.options.port}`;
        if (address === master) expect(keys, `keys of ${prefix} on ${master}`).to.include.members([claimKey(prefix), `${prefix}:ratelimit:subscription:partner`, `${prefix}:ratelimit:submissions:westlake:dealer-1`, `${prefix}:cluster-check:id`]);
        else expect(keys, `keys of ${prefix} on ${address}`).to.deep.equal([]);
      }
    }
  });
});
