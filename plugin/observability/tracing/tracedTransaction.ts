import type { Knex } from 'knex';
import { DB_ATTRIBUTES } from './attributes.js';
import { inSpan } from './inSpan.js';

/**
 * `knex.transaction(work)` inside a span called `transaction <name>` (e.g.
 * `transaction callback.apply`): the database transactions of the flows
 * (callback processing, submission, delivery outcome, outbox relay).
 */
export function tracedTransaction<T>(knex: Knex, name: string, work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  return inSpan(`transaction ${name}`, { attributes: { ...DB_ATTRIBUTES, 'db.operation.name': 'transaction', 'lendwire.transaction': name } }, () => knex.transaction(work));
}
