import { expect } from 'chai';
import { Redis } from 'ioredis';
import { monitorRedis, parseMonitorLine } from '../support/redisMonitor.js';
import { TEST_REDIS_URL } from '../support/testRedis.js';

/** The Redis database this test alone uses. */
const DB = 12;

describe('MONITOR for the Redis footprint tests (test/support/redisMonitor)', function () {
  this.timeout(30_000);
  const url = `${TEST_REDIS_URL.replace(/\/\d*$/, '')}/${DB}`;

  it('reads the server time, database, source and every argument, escapes undone', () => {
    expect(parseMonitorLine('1796509962.791247 [11 127.0.0.1:49752] "info" "server"')).to.deep.equal({ time: '1796509962.791247', database: '11', source: '127.0.0.1:49752', args: ['info', 'server'] });
    expect(parseMonitorLine('1.5 [0 lua] "set" "{lw}:a b" "say \\"hi\\"\\r\\n" "\\xc3\\xa9\\x00" "back\\\\slash" ""')?.args).to.deep.equal(['set', '{lw}:a b', 'say "hi"\r\n', 'é\u0000', 'back\\slash', '']);
    expect(parseMonitorLine('1.5 [3 unix:/run/redis.sock] "ping"')?.source).to.equal('unix:/run/redis.sock');
    expect(parseMonitorLine('OK')).to.equal(undefined);
  });

  it('starts while other clients flood the server, and sees each command sent after it resolves, byte for byte', async () => {
    // ioredis' own monitor() threw "Command queue state error" here: another client's command arriving in the
    // same read as MONITOR's "+OK" was taken for a reply (a CI run of keySlots failed on it).
    const flood = new Redis(url);
    const probe = new Redis(url);
    let flooding = true;
    const floodDone = (async () => {
      while (flooding) await Promise.all(Array.from({ length: 20 }, () => flood.info('server')));
    })();
    try {
      for (let round = 0; round < 40; round++) {
        const seen: string[][] = [];
        const monitor = await monitorRedis(url, ({ args, database }) => {
          if (database === String(DB) && args[0].toLowerCase() === 'echo') seen.push(args);
        });
        const text = `round ${round} "quoted" é \u0000 \\ end`;
        expect(await probe.echo(text)).to.equal(text);
        // Each command MONITOR shows went out before the reply to it: one more round trip and it has been read.
        await probe.ping();
        await new Promise((resolve) => setTimeout(resolve, 5));
        monitor.stop();
        expect(seen, `round ${round}`).to.deep.equal([['echo', text]]);
      }
    } finally {
      flooding = false;
      await floodDone;
      flood.disconnect();
      probe.disconnect();
    }
  });

  it('rejects when Redis refuses MONITOR or cannot be reached', async () => {
    let refused: unknown;
    await monitorRedis(url.replace('redis://', 'redis://:wrong-password@'), () => undefined).catch((error: unknown) => (refused = error));
    expect(String(refused)).to.match(/Redis refused MONITOR: .*(AUTH|password)/i);
    let unreachable: unknown;
    await monitorRedis('redis://127.0.0.1:1', () => undefined).catch((error: unknown) => (unreachable = error));
    expect(String(unreachable)).to.match(/ECONNREFUSED/);
  });
});
