import { inject, injectable } from 'inversify';
import type { Knex } from 'knex';
import { TOKENS } from '../kernel/tokens.js';
import { preparedStatement, type PreparedStatementConfig } from '../kernel/preparedStatement.js';
import { SingleFlight } from '../delivery/SingleFlight.js';
import { isAtLeast } from '../events/targetVersions.js';
import { REMOVED_FROM_MANIFEST, rowToSubscription, type SubscriptionRecord } from './SubscriptionRecord.js';

/** Columns a caller may set; JSON columns are serialized here. */
export interface SubscriptionColumns {
  source?: 'manifest' | 'api';
  url?: string;
  events?: string[];
  transport?: string;
  transport_settings?: Record<string, unknown> | null;
  signature?: string;
  secret_ref?: unknown;
  secret_sealed?: Buffer | null;
  previous_secret_sealed?: Buffer | null;
  previous_secret_expires_at?: Date | null;
  rate_limit?: { perSecond: number; burst: number };
  retry?: { schedule?: string[] } | null;
  timeout_ms?: number;
  enabled?: boolean;
  disabled_reason?: string | null;
  disabled_at?: Date | null;
}

function serialize(columns: SubscriptionColumns): Record<string, unknown> {
  const out: Record<string, unknown> = { ...columns };
  for (const key of ['secret_ref', 'rate_limit', 'retry', 'transport_settings'] as const) {
    if (key in columns) out[key] = columns[key] === null || columns[key] === undefined ? null : JSON.stringify(columns[key]);
  }
  return out;
}

const CACHE_MS = 1_000;

/** A subscription as the relay matches events against it. */
export interface SubscriptionFilter {
  id: string;
  events: string[];
}

/** Every subscription's filter (but those removed from the manifest) and the version of subscriptions they are at, in one snapshot. */
const FILTERS = `SELECT (SELECT version::text FROM ??.target_versions WHERE kind = 'subscription') AS version,
       coalesce((SELECT json_agg(json_build_object('id', id, 'events', events) ORDER BY id) FROM ??.subscriptions WHERE coalesce(disabled_reason, ?) <> ?), '[]') AS filters`;

/** The `subscriptions` table, with the delivery worker's short-lived cache of its rows (one store per process). */
@injectable()
export class SubscriptionStore {
  private readonly schema: string;

  constructor(
    @inject(TOKENS.Knex) private readonly knex: Knex,
    @inject(TOKENS.Config) config: PreparedStatementConfig,
  ) {
    this.schema = config.schema;
    // Every relay pass asks: prepared once per connection.
    this.preparedFilters = preparedStatement(config, FILTERS);
  }

  private readonly preparedFilters: { name?: string };

  private table(db: Knex | Knex.Transaction = this.knex) {
    return db.withSchema(this.schema).table('subscriptions');
  }

  async list(): Promise<SubscriptionRecord[]> {
    return (await this.table().select('*').orderBy('id')).map(rowToSubscription);
  }

  /** Subscriptions read recently by the delivery worker (id -> when, record). */
  private readonly cache = new Map<string, { at: number; record: SubscriptionRecord | null }>();

  /**
   * The subscription as the delivery worker needs it on every attempt: read at
   * most once per CACHE_MS per process. Changes made through this store are seen
   * at once; changes made by another process within CACHE_MS.
   */
  async getCached(id: string): Promise<SubscriptionRecord | null> {
    const hit = this.cache.get(id);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.record;
    const load: Promise<SubscriptionRecord | null> = this.loads.run(id, async () => {
      const record = await this.get(id);
      // A write since the load started made its answer stale: give it to the callers that asked, cache nothing.
      if (this.loads.isCurrent(id, load)) {
        if (this.cache.size > 10_000) this.cache.clear();
        this.cache.set(id, { at: Date.now(), record });
      }
      return record;
    });
    return load;
  }

  private readonly loads = new SingleFlight<SubscriptionRecord | null>();

  /** Drops a cached row now and again when the writing transaction ends (a read in between may have cached the old row). */
  private forget(db: Knex | Knex.Transaction, id: string): void {
    const drop = () => {
      this.cache.delete(id);
      this.loads.forget(id);
    };
    drop();
    const done = (db as Partial<Knex.Transaction>).executionPromise;
    if (done) done.then(drop, drop);
  }

  async get(id: string, db: Knex | Knex.Transaction = this.knex): Promise<SubscriptionRecord | null> {
    const row = await this.table(db).where({ id }).first();
    return row ? rowToSubscription(row) : null;
  }

  /** Row locked for the rest of the transaction (rotation, enable/disable). */
  async getForUpdate(trx: Knex.Transaction, id: string): Promise<SubscriptionRecord | null> {
    const row = await this.table(trx).where({ id }).forUpdate().first();
    return row ? rowToSubscription(row) : null;
  }

  /** The filters last read, with the subscriptions' version they were read at (target_versions). */
  private loadedFilters: { version: string; filters: SubscriptionFilter[] } | undefined;

  /**
   * Ids and filters only: what the relay needs to fan an event out. With `version` (the
   * subscriptions' row of target_versions as of a snapshot that saw the events), the filters
   * last read are reused when they were read at that version or a later one: every change of
   * subscriptions raises it in its own transaction, so each change committed before that
   * snapshot is in them (a later one too, as when the filters are read after the events).
   * The filters and their version are always read by one statement (one snapshot).
   */
  async filters(version?: string): Promise<SubscriptionFilter[]> {
    const loaded = this.loadedFilters;
    if (version !== undefined && loaded && isAtLeast(loaded.version, version)) return loaded.filters;
    const { rows } = (await this.knex.raw(FILTERS, [this.schema, this.schema, '', REMOVED_FROM_MANIFEST]).options(this.preparedFilters)) as {
      rows: { version: string | null; filters: SubscriptionFilter[] }[];
    };
    const [{ version: readAt, filters }] = rows;
    if (readAt !== null) this.loadedFilters = { version: readAt, filters };
    return filters;
  }

  async insert(trx: Knex.Transaction, id: string, columns: SubscriptionColumns): Promise<void> {
    this.forget(trx, id);
    await this.table(trx).insert({ id, ...serialize(columns) });
  }

  async update(db: Knex | Knex.Transaction, id: string, columns: SubscriptionColumns): Promise<boolean> {
    this.forget(db, id);
    const n = await this.table(db)
      .where({ id })
      .update({ ...serialize(columns), updated_at: db.fn.now() });
    return n > 0;
  }

  /** Inserts or refreshes a manifest subscription without touching run-time state (rotated secrets, engine-disabled). */
  async upsertFromManifest(db: Knex | Knex.Transaction, id: string, columns: SubscriptionColumns, manifestEnabled: boolean): Promise<void> {
    this.forget(db, id);
    const row = serialize({ ...columns, source: 'manifest', enabled: manifestEnabled, disabled_reason: manifestEnabled ? null : (columns.disabled_reason ?? 'disabled in the manifest'), disabled_at: manifestEnabled ? null : new Date() });
    const refresh = { ...serialize(columns), source: 'manifest', updated_at: db.fn.now() } as Record<string, unknown>;
    if (!manifestEnabled) {
      refresh.enabled = false;
      refresh.disabled_reason = columns.disabled_reason ?? 'disabled in the manifest';
      refresh.disabled_at = db.raw('coalesce(??, now())', ['subscriptions.disabled_at']);
    }
    await this.table(db).insert({ id, ...row }).onConflict('id').merge(refresh);
  }
}
