import { storableText } from '../kernel/storableText.js';

/**
 * A processing error as the review screen shows it. A database error keeps its
 * SQLSTATE and Postgres' own words but not the statement text knex prefixes
 * (noise for an operator); the text is made storable so recording the failure
 * can never fail the way the processing did.
 */
export function describeProcessingError(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  const isDatabaseError = typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);
  // knex reports "<statement> - <Postgres' message>".
  const databaseWords = message.includes(' - ') ? message.slice(message.lastIndexOf(' - ') + 3) : message;
  const text = isDatabaseError ? `database error ${code}: ${databaseWords}` : message;
  return storableText(text).slice(0, 1000);
}
