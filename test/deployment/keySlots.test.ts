import { expect } from 'chai';
import nock from 'nock';
import { Redis } from 'ioredis';
import { registerBuiltInAdapters } from '../../adapters/index.js';
import { createHarness, jsonOf, type Harness } from '../support/harness.js';
import { deleteKeys, TEST_REDIS_URL } from '../support/testRedis.js';
import { applicationManifest, fixtureJson, submitBody } from '../applications/support/fixtures.js';
import { FIXTURE_TODAY } from '../support/applicationHarness.js';
import { startReceiver, answer, type Receiver } from '../delivery/support/receiver.js';
import { fixture, postApptraker, WESTLAKE_KEY } from '../callbacks/callbackSupport.js';
import { waitFor } from '../support/waitFor.js';
import { monitorRedis, type RedisMonitor } from '../support/redisMonitor.js';

/** The Redis database this test alone uses, so every command MONITOR shows on it is lendwire's. */
const DB = 11;

/** CRC16-CCITT (XModem), the checksum Redis Cluster maps keys to slots with. */
function crc16(text: string): number {
  let crc = 0;
  for (const byte of Buffer.from(text)) {
    crc ^= byte << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

/** The Redis Cluster slot of `key`: CRC16 of its first non-empty `{hash tag}`, else of the whole key, mod 16384. */
export function keySlot(key: string): number {
  const open = key.indexOf('{');
  if (open >= 0) {
    const close = key.indexOf('}', open + 1);
    if (close > open + 1) return crc16(key.slice(open + 1, close)) % 16384;
  }
  return crc16(key) % 16384;
}

interface Seen {
  args: string[];
  /** "lua" for a command a script ran, else the client's address. */
  source: string;
}

describe('Redis Cluster: every key of a deployment maps to one cluster slot', function () {
  this.timeout(60_000);
  let monitor: RedisMonitor;
  let redis: Redis;
  let admin: Redis;
  let receiver: Receiver;
  let h: Harness | undefined;
  const seen: Seen[] = [];

  before(async () => {
    const url = `${TEST_REDIS_URL.replace(/\/\d*$/, '')}/${DB}`;
    admin = new Redis(url);
    monitor = await monitorRedis(url, ({ args, source, database }) => {
      if (database === String(DB)) seen.push({ args, source });
    });
    redis = new Redis(url);
    receiver = await startReceiver(answer(200, 'ok'));
  });
  after(async () => {
    nock.cleanAll();
    if (h) {
      await h.lendwire.stop();
      await deleteKeys(redis, `${h.redis.prefix}*`);
      await h.close();
    }
    await receiver?.close();
    monitor?.stop();
    await redis?.quit();
    await admin?.quit();
  });

  it('slots keys as Redis Cluster does (CRC16 of the hash tag)', () => {
    // Values from the Redis Cluster specification and CLUSTER KEYSLOT.
    expect(crc16('123456789')).to.equal(0x31c3);
    expect(keySlot('foo')).to.equal(12182);
    expect(keySlot('{user1000}.following')).to.equal(keySlot('{user1000}.followers'));
    expect(keySlot('{user1000}.following')).to.equal(keySlot('user1000'));
    // An empty first tag: the whole key is hashed.
    expect(keySlot('foo{}{bar}')).to.equal(crc16('foo{}{bar}') % 16384);
    expect(keySlot('foo{{bar}}zap')).to.equal(keySlot('{bar'));
  });

  it('a submission, a lender callback and a rate-limited webhook delivery touch keys of the prefix slot only (scripts included)', async () => {
    // One webhook per 500 ms: the later ones are rate-limited, so they wait as delayed jobs of the deliveries queue
    // (a delivery that needs no wait is sent by the process whose relay made it, without a job).
    const manifest = applicationManifest({}, {
      subscriptions: [{ id: 'partner', url: receiver.url, events: ['application.*'], secret: { env: 'LW_KEYSLOT_SECRET' }, rateLimit: { perSecond: 2, burst: 1 } }],
      delivery: { retrySchedule: ['50ms'], relayPollInterval: '200ms', reconcileInterval: '500ms', stalledJobTimeout: '2s' },
    });
    process.env.LW_KEYSLOT_SECRET ??= 'whsec_' + Buffer.from('keyslot-test-secret-0123456789ab').toString('base64');
    process.env.LW_TEST_WESTLAKE_CALLBACK_KEY = WESTLAKE_KEY;
    (manifest.lenders as Record<string, unknown>[])[0].callbacks = { apiKey: { env: 'LW_TEST_WESTLAKE_CALLBACK_KEY' } };
    nock('https://los.test').post('/api/applications').reply(200, fixtureJson('apptraker/00-submit-response.json'));

    h = await createHarness({ manifest, register: registerBuiltInAdapters, extra: { redis, clock: { now: () => FIXTURE_TODAY } } });
    const prefix = h.redis.prefix;

    const res = await h.request('/applications', { method: 'POST', token: 'dealer1-token', json: submitBody() });
    expect(res.status).to.equal(202);
    const id = (await jsonOf(res)).id as string;
    await waitFor(async () => (await h!.db.knex.withSchema('lendwire').table('applications').where({ id }).first('lender_app_id'))?.lender_app_id, 15_000, 'the submission');
    expect((await postApptraker(h, 'westlake', fixture('01-stage1-processed.json'))).status).to.equal(200);
    await waitFor(async () => (await h!.db.knex.withSchema('lendwire').table('raw_callbacks').whereNot({ process_status: 'pending' }).first('id')), 15_000, 'the callback to be processed');
    await waitFor(() => receiver.requests.length >= 3, 15_000, 'three webhooks');
    // The process that stored that callback processed it itself; one the sweep finds (its process died first)
    // goes through the callback queue.
    const [lost] = await h.db.knex
      .withSchema('lendwire')
      .table('raw_callbacks')
      .insert({ lender_id: 'westlake', received_at: new Date(Date.now() - 60_000), content_type: 'application/json', headers: '{}', body: Buffer.from(fixture('01-stage1-processed.json')), process_status: 'pending' })
      .returning('id');
    expect(await h.lendwire.callbacks.requeueUnfinished()).to.equal(1);
    await waitFor(async () => (await h!.db.knex.withSchema('lendwire').table('raw_callbacks').where({ id: lost.id }).first('process_status'))?.process_status !== 'pending', 15_000, 'the swept callback');
    await h.lendwire.stop();

    // Every key of every command lendwire sent on its database, as the server itself reads the command (COMMAND GETKEYS).
    const commands = seen.filter((c) => c.args.length > 1 && !['select', 'client', 'info', 'ping', 'quit', 'script', 'hello', 'monitor'].includes(c.args[0].toLowerCase()));
    const keyLists: string[][] = [];
    for (let from = 0; from < commands.length; from += 500) {
      const pipeline = admin.pipeline();
      for (const c of commands.slice(from, from + 500)) pipeline.call('COMMAND', 'GETKEYS', ...c.args);
      for (const [err, keys] of (await pipeline.exec()) ?? []) keyLists.push(err ? [] : (keys as string[]));
    }
    const keys = new Set(keyLists.flat());
    const fromScripts = new Set(keyLists.filter((_, i) => commands[i].source === 'lua').flat());

    const slot = keySlot(prefix);
    const elsewhere = [...keys].filter((key) => keySlot(key) !== slot);
    expect(elsewhere, `keys outside the slot ${slot} of ${prefix}`).to.deep.equal([]);
    // Each command (a script's EVALSHA, a MULTI's commands, a multi-key DEL) on one slot: what a Cluster demands.
    const crossSlot = keyLists.map((list, i) => ({ command: commands[i].args.slice(0, 3).join(' '), slots: new Set(list.map(keySlot)) })).filter((c) => c.slots.size > 1);
    expect(crossSlot).to.deep.equal([]);

    // What was seen is lendwire's whole Redis footprint: queues, rate limits, the gate, the claim, and what the scripts touch.
    const want = [
      `${prefix}:deployment`,
      `${prefix}:ratelimit:submissions:westlake:dealer-1`,
      `${prefix}:inflight:subscription:partner`,
      `${prefix}:ratelimit:subscription:partner`,
      `${prefix}:submissions:id`,
      `${prefix}:callbacks:id`,
      `${prefix}:deliveries:id`,
      `${prefix}:application-idle:id`,
    ];
    for (const key of want) expect([...keys], `a key lendwire uses: ${key}`).to.include(key);
    expect(fromScripts.size, 'keys touched inside Lua scripts').to.be.greaterThan(10);
  });
});
