import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { migrateLatest, migrateRollback, migrationStatus } from '../../plugin/index.js';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase.js';

const run = promisify(execFile);

async function tablesIn(db: TestDatabase, schema: string): Promise<string[]> {
  const rows = await db.knex('information_schema.tables').where({ table_schema: schema }).select('table_name');
  return rows.map((r: { table_name: string }) => r.table_name).sort();
}

describe('migrations', () => {
  let db: TestDatabase;
  before(async () => {
    db = await createTestDatabase();
    await db.knex.schema.createTable('host_customers', (t) => t.increments('id'));
  });
  after(async () => {
    await db.drop();
  });

  it('create every core table in their own schema with their own migrations table, leaving public alone', async () => {
    const applied = await migrateLatest(db.knex, 'lendwire_a');
    expect(applied[0]).to.equal('20261123000001_core_tables');
    const tables = await tablesIn(db, 'lendwire_a');
    expect(tables).to.include.members([
      'applications', 'application_transitions', 'submissions', 'raw_callbacks', 'outbox', 'subscriptions',
      'deliveries', 'delivery_attempts', 'audit_log', 'lendwire_migrations',
    ]);
    expect(await tablesIn(db, 'public')).to.deep.equal(['host_customers']);
    expect((await migrationStatus(db.knex, 'lendwire_a')).pending).to.deep.equal([]);
  });

  it('roll back all the way, leaving only the migrations bookkeeping', async () => {
    await migrateRollback(db.knex, 'lendwire_a', true);
    expect(await tablesIn(db, 'lendwire_a')).to.deep.equal(['lendwire_migrations', 'lendwire_migrations_lock']);
    expect(await tablesIn(db, 'public')).to.deep.equal(['host_customers']);
    const again = await migrateLatest(db.knex, 'lendwire_a');
    expect(again.length).to.be.greaterThan(0);
  });

  it('run from the CLI: npx lendwire migrate, then migrate:rollback --all', async function () {
    this.timeout(60000);
    const env = { ...process.env, DATABASE_URL: db.url, LENDWIRE_SCHEMA: 'lendwire_cli' };
    const cli = ['--import', 'tsx', 'plugin/cli/lendwire.ts'];
    const up = await run(process.execPath, [...cli, 'migrate'], { env });
    expect(up.stdout).to.match(/applied \d+ migration\(s\) in schema "lendwire_cli"/);
    const { id } = await db.knex.withSchema('lendwire_cli').table('deployment').first('id');
    expect(up.stdout).to.contain(`deployment id ${id} (default queue prefix "{lendwire:${id}}")`);
    expect(await tablesIn(db, 'lendwire_cli')).to.include('applications');
    const status = await run(process.execPath, [...cli, 'migrate:status'], { env });
    expect(status.stdout).to.contain('0 pending');
    const down = await run(process.execPath, [...cli, 'migrate:rollback', '--all'], { env });
    expect(down.stdout).to.match(/rolled back \d+ migration\(s\)/);
    expect(await tablesIn(db, 'lendwire_cli')).not.to.include('applications');
    expect(await tablesIn(db, 'public')).to.deep.equal(['host_customers']);
  });

  it('CLI says which database it could not use, and exits non-zero', async function () {
    this.timeout(30000);
    const env = { ...process.env, DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' };
    try {
      await run(process.execPath, ['--import', 'tsx', 'plugin/cli/lendwire.ts', 'migrate'], { env });
      expect.fail('should have failed');
    } catch (err) {
      const e = err as { code: number; stderr: string };
      expect(e.code).to.equal(1);
      expect(e.stderr).to.contain('postgres://postgres@127.0.0.1:1/none').and.to.contain('DATABASE_URL');
    }
  });
});
