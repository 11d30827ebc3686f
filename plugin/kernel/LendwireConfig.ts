/** Settings that come from the host's code (not from the manifest). */
export interface LendwireConfig {
  /** Postgres schema holding every lendwire table and its migrations table. */
  schema: string;
  /**
   * BullMQ / Redis key prefix; a `{hash tag}` so Redis Cluster keeps a queue on one slot.
   * The default (`{lendwire:<deployment id>}`) is known only after migrate() or start():
   * read it when used, not when a component is built.
   */
  queuePrefix: string;
  /** Run queue workers, the outbox relay and schedulers in this process. */
  runWorkers: boolean;
  /** How long `stop()` waits for in-flight jobs before closing anyway. */
  shutdownTimeoutMs: number;
  /** Directory relative `{ file }` secret references are resolved against. */
  baseDir: string;
  /** Run the hot statements as named prepared statements (preparedStatement.ts; default true). */
  preparedStatements: boolean;
}
