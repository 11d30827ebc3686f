import type { Knex } from 'knex';

/** What EXPLAIN ANALYZE said about one statement a lookup ran. */
export interface StatementPlan {
  sql: string;
  /** One line per plan node, indented like EXPLAIN's text form: "Index Scan using x on applications (rows 1, 0.05 ms)". */
  nodes: string[];
  seqScan: boolean;
  executionMs: number;
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  'Actual Total Time'?: number;
  Plans?: PlanNode[];
}

function describe(node: PlanNode, depth: number, out: string[]): void {
  const using = node['Index Name'] ? ` using ${node['Index Name']}` : '';
  const on = node['Relation Name'] ? ` on ${node['Relation Name']}` : '';
  out.push(`${'  '.repeat(depth)}${node['Node Type']}${using}${on} (rows ${node['Actual Rows']}, ${node['Actual Total Time']} ms)`);
  for (const child of node.Plans ?? []) describe(child, depth + 1, out);
}

/**
 * Runs `lookup` once, catching the statements lendwire's query code sends
 * (knex 'query' events: the SQL as sent, with its bindings), then EXPLAIN
 * ANALYZEs each with the same bindings on one connection.
 */
export async function explainLookup(knex: Knex, lookup: () => Promise<unknown>): Promise<StatementPlan[]> {
  const sent: { sql: string; bindings: unknown[] }[] = [];
  const listener = (q: { sql: string; bindings?: unknown[] }) => sent.push({ sql: q.sql, bindings: q.bindings ?? [] });
  knex.on('query', listener);
  try {
    await lookup();
  } finally {
    knex.off('query', listener);
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the pg connection behind knex's untyped client
  const client = knex.client as any;
  const connection = (await client.acquireConnection()) as { query(q: { text: string; values: unknown[] }): Promise<{ rows: { 'QUERY PLAN': { Plan: PlanNode; 'Execution Time': number }[] }[] }> };
  try {
    const plans: StatementPlan[] = [];
    for (const statement of sent) {
      const { rows } = await connection.query({ text: `EXPLAIN (ANALYZE, FORMAT JSON) ${statement.sql}`, values: statement.bindings });
      const [result] = rows[0]['QUERY PLAN'];
      const nodes: string[] = [];
      describe(result.Plan, 0, nodes);
      plans.push({ sql: statement.sql, nodes, seqScan: nodes.some((n) => n.trimStart().startsWith('Seq Scan')), executionMs: result['Execution Time'] });
    }
    return plans;
  } finally {
    await client.releaseConnection(connection);
  }
}
