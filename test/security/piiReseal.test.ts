import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { createLendwire, migrateLatest } from '../../plugin/index.js';
import { Sealer } from '../../plugin/security/Sealer.js';
import { resealSealedValues } from '../../plugin/security/rotation/resealSealedValues.js';
import { splitPii } from '../../plugin/applications/splitPii.js';
import type { CreditApplication } from '../../plugin/sdk/CreditApplication.js';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase.js';
import { createTestRedis, type TestRedis } from '../support/testRedis.js';
import { testManifest } from '../support/testManifest.js';
import { validApplication } from '../applications/support/fixtures.js';
import { waitFor } from '../support/waitFor.js';

const ROWS = 10_000;
const KEYS = { k1: randomBytes(32).toString('hex'), k2: randomBytes(32).toString('hex'), k3: randomBytes(32).toString('base64') };
const ENV = { TEST_RESEAL_K1: KEYS.k1, TEST_RESEAL_K2: KEYS.k2, TEST_RESEAL_K3: KEYS.k3 };
const appId = (i: number) => `app_seed_${String(i).padStart(6, '0')}`;
/** Each row's own PII, so a row that got another row's ciphertext would show. */
const piiOf = (i: number) => ({ applicant: { ssn: String(100_000_000 + i), dateOfBirth: '1980-01-01', grossMonthlyIncome: 1000 + i } });

const encryption = (activeKeyId: string, ...keys: (keyof typeof KEYS)[]) => ({
  activeKeyId,
  keys: Object.fromEntries(keys.map((k) => [k, { env: `TEST_RESEAL_${k.toUpperCase()}` }])),
});
const manifestWith = (activeKeyId: string, ...keys: (keyof typeof KEYS)[]) => {
  const base = testManifest();
  return { ...base, security: { ...(base.security as object), encryption: encryption(activeKeyId, ...keys) } };
};

describe('PII key rotation: lendwire pii:reseal (10k applications)', function () {
  this.timeout(120_000);
  let db: TestDatabase;
  let redis: TestRedis;
  const apps = () => db.knex.withSchema('lendwire').table('applications');
  const countOn = async (key: string) => Number(((await apps().where({ pii_key_id: key }).count({ n: '*' })) as { n: string }[])[0].n);

  /** Opens every row with a sealer that has ONLY `key`: proves each is on it and holds its own PII. */
  const expectAllOn = async (key: keyof typeof KEYS) => {
    const only = new Sealer({ [key]: KEYS[key] }, key);
    const rows = (await apps().select('id', 'pii', 'pii_key_id').orderBy('id')) as { id: string; pii: Buffer; pii_key_id: string }[];
    expect(rows).to.have.length(ROWS);
    rows.forEach((row, n) => {
      expect(row.pii_key_id).to.equal(key);
      expect(JSON.parse(only.openString(row.pii))).to.deep.equal(piiOf(n + 1));
    });
    const sub = await db.knex.withSchema('lendwire').table('subscriptions').where({ id: 'api-sub' }).first();
    expect(only.openString(sub.secret_sealed)).to.equal('whsec_current');
    expect(only.openString(sub.previous_secret_sealed)).to.equal('whsec_previous');
  };

  /** start() of a host with `manifest`; returns what it logged. */
  const startupLogs = async (manifest: Record<string, unknown>): Promise<string> => {
    let out = '';
    const sink = new Writable({ write: (chunk, _e, cb) => ((out += String(chunk)), cb()) });
    const lw = await createLendwire({ manifest, knex: db.knex, redis: redis.redis, logger: pino({ level: 'info' }, sink), auth: () => null, queuePrefix: redis.prefix, runWorkers: false });
    await lw.start();
    await lw.stop();
    return out;
  };

  before(async () => {
    Object.assign(process.env, ENV);
    db = await createTestDatabase();
    redis = await createTestRedis();
    await migrateLatest(db.knex, 'lendwire');
    const k1 = new Sealer({ k1: KEYS.k1 }, 'k1');
    const stripped = splitPii(validApplication() as unknown as CreditApplication).stripped;
    // 10k rows in one statement: ciphertexts made by the Sealer, rows by generate_series.
    const hex = Array.from({ length: ROWS }, (_, n) => k1.seal(JSON.stringify(piiOf(n + 1))).toString('hex'));
    await db.knex.raw(
      `INSERT INTO lendwire.applications (id, dealer_id, lender_id, status, application, pii, pii_key_id)
       SELECT 'app_seed_' || lpad(g::text, 6, '0'), 'dealer-1', 'westlake', 'submitted', ?::jsonb, decode((?::text[])[g], 'hex'), 'k1'
         FROM generate_series(1, ?::int) AS g`,
      [JSON.stringify(stripped), `{${hex.join(',')}}`, ROWS],
    );
    await db.knex.withSchema('lendwire').table('subscriptions').insert({
      id: 'api-sub', source: 'api', url: 'https://partner.test/hooks', events: ['application.*'],
      secret_sealed: k1.seal('whsec_current'), previous_secret_sealed: k1.seal('whsec_previous'),
    });
  });
  after(async () => {
    await redis.cleanup();
    await db.drop();
  });

  it('start-up names how many values need re-sealing, which keys are gone, and the command', async () => {
    const rotated = await startupLogs(manifestWith('k2', 'k1', 'k2'));
    expect(rotated).to.contain(`PII key rotation is not finished: ${ROWS + 2} sealed value(s) still use an older key than the active key \\"k2\\"; run \\"npx lendwire pii:reseal\\"`);
    const dropped = await startupLogs(manifestWith('k2', 'k2'));
    expect(dropped).to.contain(`${ROWS + 2} sealed value(s) use encryption key(s) the manifest no longer lists (k1): they cannot be read`);
  });

  it('re-seals alongside live traffic: a row held by a live transaction is done in a later pass and its update is kept', async () => {
    const sealer = new Sealer({ k1: KEYS.k1, k2: KEYS.k2 }, 'k2');
    const held = appId(5000);
    const live = await db.knex.transaction();
    await live.withSchema('lendwire').table('applications').where({ id: held }).forUpdate().first();
    let sawPastHeld = false;
    const run = resealSealedValues(db.knex, 'lendwire', sealer, {
      batchSize: 250,
      onProgress: (p) => {
        if (p.done >= 6000) sawPastHeld = true;
      },
    });
    // The run is not blocked by the held row: it goes past it.
    await waitFor(() => sawPastHeld, 60_000, 'the run to pass the locked row');
    await live.withSchema('lendwire').table('applications').where({ id: held }).update({ status: 'funded', version: db.knex.raw('version + 1') });
    await live.commit();
    const summary = await run;

    expect(summary).to.include({ activeKeyId: 'k2', total: ROWS + 2, resealed: ROWS + 2, left: 0 });
    const row = await apps().where({ id: held }).first();
    expect(row).to.include({ status: 'funded', version: 1, pii_key_id: 'k2' });
    await expectAllOn('k2');
  });

  it('runs from the CLI with progress, survives a kill midway, resumes, and a repeat run changes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lw-reseal-'));
    const manifest = join(dir, 'manifest.json');
    writeFileSync(manifest, JSON.stringify(manifestWith('k3', 'k2', 'k3')));
    const cli = (args: string[]) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'plugin/cli/lendwire.ts', 'pii:reseal', ...args], { env: { ...process.env, ...ENV, DATABASE_URL: db.url, LENDWIRE_MANIFEST: manifest } });
      let out = '';
      child.stdout.on('data', (d) => (out += String(d)));
      child.stderr.on('data', (d) => (out += String(d)));
      const code = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
      return { child, out: () => out, code };
    };

    // Slowed down (pause between batches) so it can be killed halfway.
    const first = cli(['--batch-size', '200', '--pause-ms', '60']);
    const progress = /pii:reseal: (\d+)\/(\d+) \(\d+%\) re-sealed, \d+ rows\/s/g;
    await waitFor(() => [...first.out().matchAll(progress)].some((m) => Number(m[1]) >= 1000), 60_000, 'progress past 1000 rows');
    first.child.kill('SIGKILL');
    await first.code;
    expect([...first.out().matchAll(progress)][0][2]).to.equal(String(ROWS + 2));
    const doneBeforeKill = await countOn('k3');
    expect(doneBeforeKill).to.be.greaterThan(0).and.lessThan(ROWS);
    expect(doneBeforeKill + (await countOn('k2'))).to.equal(ROWS);

    const second = cli([]);
    expect(await second.code, second.out()).to.equal(0);
    const left = ROWS - doneBeforeKill;
    const [, resealed, of] = /pii:reseal: done: (\d+) of (\d+) value\(s\) re-sealed with key "k3"/.exec(second.out())!;
    expect(Number(resealed)).to.equal(Number(of));
    // Only what the first run left was done again (the subscription secrets went in its first batch).
    expect(Number(resealed)).to.equal(left);
    await expectAllOn('k3');

    const before = (await apps().where({ id: appId(1) }).first()).pii as Buffer;
    const third = cli([]);
    expect(await third.code).to.equal(0);
    expect(third.out()).to.contain('pii:reseal: nothing to do: every readable sealed value uses the active key "k3"');
    expect(((await apps().where({ id: appId(1) }).first()).pii as Buffer).equals(before)).to.equal(true);

    // The old keys can go now: start-up has nothing to say about rotation.
    const logs = await startupLogs(manifestWith('k3', 'k3'));
    expect(logs).to.contain('lendwire started');
    expect(logs).to.not.contain('pii:reseal');
  });

  it('leaves a value that fails authentication as it is and names its application', async () => {
    const sealer = new Sealer({ k2: KEYS.k2, k3: KEYS.k3 }, 'k3');
    const tampered = new Sealer({ k2: KEYS.k2 }, 'k2').seal(JSON.stringify(piiOf(1)));
    tampered[tampered.length - 1] ^= 0xff;
    await apps().where({ id: appId(1) }).update({ pii: tampered, pii_key_id: 'k2' });
    const summary = await resealSealedValues(db.knex, 'lendwire', sealer, { batchSize: 500 });
    expect(summary).to.include({ total: 1, resealed: 0, left: 0 });
    expect(summary.failedApplicationIds).to.deep.equal([appId(1)]);
    const row = await apps().where({ id: appId(1) }).first();
    expect(row.pii_key_id).to.equal('k2');
    expect((row.pii as Buffer).equals(tampered)).to.equal(true);
  });
});
