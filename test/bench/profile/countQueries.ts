import type { Knex } from 'knex';

/** A statement's shape: bindings, numbers and IN-lists folded, so batched statements of any size count as one kind. */
export function statementShape(sql: string): string {
  return sql
    .replace(/\s+/g, ' ')
    .replace(/\(\s*(\?|\$\d+)(\s*(::\w+)?\s*,\s*(\?|\$\d+)(::\w+)?)*\s*\)/g, '(…)')
    .replace(/(\(…\)\s*,\s*)+\(…\)/g, '(…)')
    .slice(0, 140);
}

/** Counts the statements a knex instance runs (its 'query' event), by shape. */
export function countQueries(knex: Knex): { counts: Map<string, number>; stop(): void } {
  const counts = new Map<string, number>();
  const onQuery = (q: { sql: string }) => {
    const shape = statementShape(q.sql);
    counts.set(shape, (counts.get(shape) ?? 0) + 1);
  };
  knex.on('query', onQuery);
  return { counts, stop: () => knex.removeListener('query', onQuery) };
}

export function printCounts(title: string, counts: Map<string, number>, perUnit: number): void {
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  console.log(`\n${title}: ${total} total, ${(total / perUnit).toFixed(3)} per delivery`);
  for (const [name, n] of [...counts].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${String(n).padStart(7)}  ${(n / perUnit).toFixed(3).padStart(7)}  ${name}`);
}
