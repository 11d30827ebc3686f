/** What lendwire passes to each migration besides knex. */
export interface MigrationContext {
  /** The Postgres schema lendwire's tables live in (default "lendwire"). */
  schema: string;
}
