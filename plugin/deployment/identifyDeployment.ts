import type { Knex } from 'knex';
import { ConfigurationError } from '../errors/index.js';
import type { DeploymentIdentity } from './claimQueuePrefix.js';
import { readDeploymentId } from './readDeploymentId.js';

/** This deployment's id and database, for the queue prefix and its claim (migrations must have run). */
export async function identifyDeployment(knex: Knex, schema: string): Promise<DeploymentIdentity> {
  const deploymentId = await readDeploymentId(knex, schema);
  if (!deploymentId) throw new ConfigurationError(`lendwire cannot start: schema "${schema}" has no deployment id; run lendwire.migrate() or "npx lendwire migrate" first`);
  const { rows } = await knex.raw<{ rows: { database: string }[] }>('SELECT current_database() AS database');
  return { deploymentId, database: rows[0].database, schema };
}
