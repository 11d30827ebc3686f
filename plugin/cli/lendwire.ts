#!/usr/bin/env node
import knexFactory from 'knex';
import { migrateLatest, migrateRollback, migrationStatus } from '../app/migrate.js';
import { databaseUrl, safeUrl, schemaName } from './env.js';
import { runWorker } from './runWorker.js';
import { parseResealArgs, runReseal } from './runReseal.js';
import { readDeploymentId } from '../deployment/readDeploymentId.js';
import { defaultQueuePrefix } from '../deployment/QueuePrefix.js';
import { firstErrorCode } from '../errors/errorChain.js';
import { runManifestSchema } from './runManifestSchema.js';
import { runNew } from './scaffold/runNew.js';

const USAGE = `Usage: lendwire <command>

Commands:
  migrate                 apply pending migrations (schema $LENDWIRE_SCHEMA, default "lendwire")
  migrate:rollback [--all]  roll back the last batch (or every batch)
  migrate:status          list applied and pending migrations
  worker [--adapters <module>]
                          run queue workers, the outbox relay and schedulers without HTTP
                          (module exporting register(lendwire); default: the built-in adapters)
  manifest-schema [--out <file>] [--adapters <module>]
                          write the manifest's JSON Schema for editors: the core schema with
                          every registered adapter's settings schema (default file
                          plugin.manifest.schema.json; default adapters: the built-in ones)
  new lender|crm|transport <id> [--package <dir>]
                          scaffold an adapter in adapters/<kind>/<id>/ (or a standalone package
                          in <dir>): skeleton with TODOs, settings schema, README, fixtures and
                          a conformance test (docs/writing-adapters.md)
  pii:reseal [--batch-size N] [--pause-ms N]
                          re-encrypt every sealed value (applicant SSN/DOB/income, API-created
                          webhook secrets) with the manifest's active key, in batches of N rows
                          (default 500), pausing N ms between batches (default 0); resumable

Environment: DATABASE_URL, REDIS_URL (or LENDWIRE_REDIS_CLUSTER for a Redis Cluster), LENDWIRE_SCHEMA, LENDWIRE_MANIFEST`;

async function withKnex<T>(fn: (knex: ReturnType<typeof knexFactory>) => Promise<T>): Promise<T> {
  const knex = knexFactory({ client: 'pg', connection: databaseUrl(), pool: { min: 0, max: 2 } });
  try {
    return await fn(knex);
  } catch (err) {
    const code = firstErrorCode(err);
    if (code === 'ECONNREFUSED' || code === '3D000' || code === 'ENOTFOUND') {
      throw new Error(
        `cannot use PostgreSQL at ${safeUrl(databaseUrl())} (${code === '3D000' ? 'database does not exist' : (err as Error).message}); set DATABASE_URL, or start PostgreSQL / create the database`,
        { cause: err },
      );
    }
    throw err;
  } finally {
    await knex.destroy();
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const schema = schemaName();
  switch (command) {
    case 'migrate': {
      const [applied, deploymentId] = await withKnex(async (k) => [await migrateLatest(k, schema), await readDeploymentId(k, schema)] as const);
      console.log(applied.length ? `applied ${applied.length} migration(s) in schema "${schema}":\n  ${applied.join('\n  ')}` : `schema "${schema}" is up to date`);
      if (deploymentId) console.log(`deployment id ${deploymentId} (default queue prefix "${defaultQueuePrefix(deploymentId)}")`);
      return 0;
    }
    case 'migrate:rollback': {
      const rolledBack = await withKnex((k) => migrateRollback(k, schema, rest.includes('--all')));
      console.log(rolledBack.length ? `rolled back ${rolledBack.length} migration(s) in schema "${schema}":\n  ${rolledBack.join('\n  ')}` : 'nothing to roll back');
      return 0;
    }
    case 'migrate:status': {
      const { applied, pending } = await withKnex((k) => migrationStatus(k, schema));
      console.log(`schema "${schema}": ${applied.length} applied, ${pending.length} pending`);
      for (const name of pending) console.log(`  pending: ${name}`);
      return 0;
    }
    case 'pii:reseal': {
      const args = parseResealArgs(rest);
      return withKnex((k) => runReseal(k, schema, args, (line) => console.log(line)));
    }
    case 'manifest-schema': {
      const option = (name: string) => (rest.includes(name) ? rest[rest.indexOf(name) + 1] : undefined);
      console.log(`wrote ${await runManifestSchema(option('--out'), option('--adapters'))}`);
      return 0;
    }
    case 'new':
      console.log(runNew(rest));
      return 0;
    case 'worker': {
      const at = rest.indexOf('--adapters');
      await runWorker(at >= 0 ? rest[at + 1] : undefined);
      return 0;
    }
    case undefined:
    case '-h':
    case '--help':
      console.log(USAGE);
      return command ? 0 : 1;
    default:
      console.error(`lendwire: unknown command "${command}"\n\n${USAGE}`);
      return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0 || process.argv[2] !== 'worker') process.exitCode = code;
  },
  (err: unknown) => {
    console.error(`lendwire: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  },
);
