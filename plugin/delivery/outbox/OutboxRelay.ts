import { inject, injectable, multiInject } from 'inversify';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { TOKENS } from '../../kernel/tokens.js';
import type { Clock } from '../../kernel/Clock.js';
import type { Startable } from '../../kernel/lifecycle.js';
import type { DeliveryTargetKind } from '../DeliveryTargetKind.js';
import type { DeliveryQueue } from '../DeliveryQueue.js';
import type { DeliverySettings } from '../DeliverySettings.js';
import type { LocalDeliveries } from '../LocalDeliveries.js';
import { DELIVERY_TOKENS } from '../tokens.js';
import { preparedStatement, type PreparedStatementConfig } from '../../kernel/preparedStatement.js';
import { deliveriesFor, type OutboxRow } from '../fanOut.js';
import { releaseDeliveries } from '../claimDeliveries.js';
import { CLAIM_AND_FAN_OUT, claimAndFanOut } from './claimAndFanOut.js';
import { readWaitingEvents, WAITING_EVENTS } from './readWaitingEvents.js';
import { newestVersions, type TargetVersions } from '../../events/targetVersions.js';
import { parseOutboxNotice, type OutboxNotice } from '../../events/outboxNotice.js';
import { outboxChannel } from '../../events/OutboxEvent.js';
import { RelaySpans, type TracedOutboxRow } from './RelaySpans.js';

/** Longest the relay waits for this process' worker to take what it handed over before giving the rest jobs. */
const HAND_OVER_WAIT_MS = 500;

/** Most notified events kept for the next passes; beyond them the relay reads the outbox instead (a big transaction's events). */
const MAX_NOTIFIED = 1_000;

/** Relay sizes the container leaves at their defaults (tests shrink them). */
export interface OutboxRelayTuning {
  /** Events claimed per transaction (default 250). */
  batchSize?: number;
  /** Wait before LISTENing again after the connection was lost (default 5 s). */
  relistenDelayMs?: number;
}

interface PgClient {
  query(sql: string): Promise<unknown>;
  on(event: 'notification' | 'error' | 'end', listener: (...args: unknown[]) => void): void;
  removeAllListeners(event?: string): void;
}

interface RawConnections {
  acquireRawConnection(): Promise<PgClient>;
  destroyRawConnection(conn: PgClient): Promise<void>;
}

/**
 * Moves outbox events to deliveries. Woken by NOTIFY (appendEvent notifies on
 * commit, with the event's row: a pass fans notified events out without reading
 * the outbox) with polling as a fallback (a pass that reads the outbox; so does a
 * wake-up whose NOTIFY carried no event). Each batch is marked relayed and fanned
 * out by one statement (several relays can run: an event is claimed once); the
 * deliveries it created are handed to this process' worker (LocalDeliveries) or,
 * beyond what it takes, given jobs. The next batch is read once the worker has
 * room again, so a busy process leaves the outbox to the others.
 * A crash before that statement leaves the events unrelayed (retried, no rows);
 * after it, the reconciler gives unfinished deliveries without a job one.
 */
@injectable()
export class OutboxRelay implements Startable {
  readonly name = 'outbox-relay';
  private listener: PgClient | undefined;
  private timer: NodeJS.Timeout | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;
  /** Events whose NOTIFY carried them, not relayed by this relay yet. */
  private notified: OutboxNotice[] = [];
  /**
   * Whether the next pass reads the outbox: after start, a poll, a new LISTEN, a NOTIFY without
   * an event, more notified events than MAX_NOTIFIED, or a read that filled its batch.
   */
  private readNeeded = true;
  /** Resolved by stop(): a pass waiting for the worker to take what it handed over stops waiting. */
  private halted: Promise<void> = Promise.resolve();
  private halt: () => void = () => undefined;
  private readonly schema: string;
  private readonly logger: Logger;

  /**
   * A pass's two statements, prepared once per connection. Their generic plans do not
   * depend on the outbox's size (both read the partial index of unrelayed event ids), and a
   * pass per event at a steady rate would otherwise plan the fan-out's statement every time
   * (test/foundation/hotStatementPlans.test.ts; docs/performance.md).
   */
  private readonly prepared: { waiting: { name?: string }; claim: { name?: string } };

  constructor(
    @inject(TOKENS.Knex) private readonly knex: Knex,
    @inject(TOKENS.Config) config: PreparedStatementConfig,
    @multiInject(DELIVERY_TOKENS.DeliveryTargetKinds) private readonly kinds: readonly DeliveryTargetKind[],
    @inject(DELIVERY_TOKENS.DeliveryQueue) private readonly queue: DeliveryQueue,
    @inject(TOKENS.Logger) logger: Logger,
    @inject(DELIVERY_TOKENS.DeliverySettings) private readonly settings: Pick<DeliverySettings, 'relayPollIntervalMs' | 'stalledJobTimeoutMs'>,
    @inject(DELIVERY_TOKENS.LocalDeliveries) private readonly local: Pick<LocalDeliveries, 'offer' | 'hasRoom' | 'roomForMore' | 'takeWaiting' | 'freeSlots'>,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    // Not injected: the container keeps the defaults, tests shrink them.
    private readonly tuning: OutboxRelayTuning = {},
  ) {
    this.schema = config.schema;
    this.prepared = { waiting: preparedStatement(config, WAITING_EVENTS), claim: preparedStatement(config, CLAIM_AND_FAN_OUT) };
    this.logger = logger.child({ component: 'outbox-relay' });
  }

  async start(): Promise<void> {
    this.stopped = false;
    this.halted = new Promise((resolve) => (this.halt = resolve));
    await this.listen();
    this.timer = setInterval(() => this.wake(), this.settings.relayPollIntervalMs);
    this.timer.unref();
    this.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.halt();
    clearInterval(this.timer);
    clearTimeout(this.reconnectTimer);
    await this.running;
    await this.unlisten();
  }

  /** Runs a relay pass now (or right after the current one); with `notice`, one for that event only, else one that reads the outbox. */
  wake(notice?: OutboxNotice): void {
    if (this.stopped) return;
    if (notice && this.notified.length < MAX_NOTIFIED) this.notified.push(notice);
    else this.readNeeded = true;
    this.run();
  }

  private run(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    // Starts on the next turn of the event loop: the notices of one commit arrive as separate
    // events of the same turn, and go out together in one pass instead of the first alone.
    this.running = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.drain())
      .finally(() => {
        this.running = undefined;
        if (this.again && !this.stopped) {
          this.again = false;
          this.run();
        }
      });
  }

  private async drain(): Promise<void> {
    try {
      const size = this.tuning.batchSize ?? 250;
      while (!this.stopped && (this.readNeeded || this.notified.length)) {
        if (this.readNeeded) {
          // Every event notified so far committed before this read's snapshot: the read covers them.
          this.readNeeded = false;
          this.notified = [];
          if ((await this.relayBatch(size)) === size) this.readNeeded = true;
        } else {
          const events = this.notified.splice(0, size);
          await this.relayEvents(events, newestVersions(events.map((e) => e.versions)));
        }
        // Also after the last pass: what still waits behind slow attempts gets jobs after a while.
        await this.roomForMore();
      }
    } catch (err) {
      // The next pass reads the outbox: it finds what this one left.
      this.readNeeded = true;
      this.logger.error({ err }, 'outbox relay pass failed; retrying on the next wake-up');
    }
  }

  /**
   * Waits until this process' worker can take more deliveries (LocalDeliveries.roomForMore);
   * after HAND_OVER_WAIT_MS (a slow endpoint holds its slots), gives the ones still waiting
   * jobs, which any process' worker runs, and goes on.
   */
  private async roomForMore(): Promise<void> {
    // The usual case at a steady rate: nothing waits, no timer to set.
    if (this.local.hasRoom()) return;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), HAND_OVER_WAIT_MS)));
    const tooLong = await Promise.race([this.local.roomForMore().then(() => false), this.halted.then(() => false), late]);
    clearTimeout(timer);
    if (tooLong) await this.queue.enqueue(this.local.takeWaiting());
  }

  /**
   * Relays up to `size` events; returns how many it claimed. Two round trips, none in an
   * explicit transaction: the waiting events are read with the target versions of the same
   * snapshot, their targets looked up (no round trip while a kind's targets are unchanged:
   * their version is the one it loaded them at), then one
   * statement marks them relayed and creates their deliveries (claimAndFanOut), the ones this
   * process' worker starts at once already claimed for it. A pass that
   * fails before that statement changed nothing; an event another relay claimed meanwhile is
   * skipped whole. A pass that claimed events is traced (RelaySpans).
   */
  async relayBatch(size: number): Promise<number> {
    const startedAt = new Date();
    const { events: waiting, versions } = await readWaitingEvents(this.knex, this.schema, size, this.prepared.waiting);
    const claimed = waiting.length ? await this.relayEvents(waiting, versions, startedAt) : 0;
    // A full batch means more may be waiting, even if another relay took part of it.
    return claimed ? waiting.length : 0;
  }

  /**
   * Fans `waiting` out (those no other relay claimed first) and hands their deliveries over;
   * returns how many it claimed. `versions`: the target kinds' versions as of a snapshot that saw the events.
   */
  private async relayEvents(waiting: readonly (OutboxRow & TracedOutboxRow)[], versions: TargetVersions, startedAt = new Date()): Promise<number> {
    const { knex, schema } = this;
    let spans: RelaySpans | undefined;
    try {
      const deliveries = await deliveriesFor(this.kinds, waiting, versions);
      // As many as this process' worker would start at once are created already claimed by it.
      const lease = { count: this.local.freeSlots(), until: new Date(this.clock.now().getTime() + this.settings.stalledJobTimeoutMs) };
      const { claimed, created, leased } = await claimAndFanOut(knex, schema, waiting.map((e) => e.id), deliveries, this.prepared.claim, lease);
      if (!claimed.length) return 0;
      const claimedIds = new Set(claimed);
      spans = RelaySpans.start(waiting.filter((e) => claimedIds.has(String(e.id))), startedAt);
      if (created.length) {
        // A failed look-up only costs the deliveries their trace, never their job.
        const carriers = spans ? await spans.carriersFor(knex, schema, created).catch(() => undefined) : undefined;
        const rows = new Map(leased.map((row) => [row.id, row]));
        const left = this.local.offer(created.map((id) => ({ id, traceContext: carriers?.get(id), row: rows.get(id) })));
        await this.handBack(left.filter((d) => d.row).map((d) => d.id));
        await this.queue.enqueue(left.map(({ id, traceContext }) => ({ id, traceContext })));
      }
      this.logger.debug({ events: claimed.length, deliveries: created.length }, 'outbox relayed');
      spans?.end();
      return claimed.length;
    } catch (err) {
      (spans as RelaySpans | undefined)?.end(err);
      throw err;
    }
  }

  /** Deliveries created claimed for a worker that no longer takes them (stopping): pending again, for their jobs. */
  private async handBack(ids: string[]): Promise<void> {
    const now = this.clock.now();
    await releaseDeliveries(this.knex, this.schema, ids, now, now);
  }

  private async listen(): Promise<void> {
    const client = this.knex.client as unknown as RawConnections;
    try {
      const conn = await client.acquireRawConnection();
      conn.on('notification', (msg) => this.wake(parseOutboxNotice((msg as { payload?: string }).payload)));
      conn.on('error', (err) => {
        this.logger.warn({ err }, 'outbox LISTEN connection failed; polling until it is back');
        this.reconnect();
      });
      conn.on('end', () => {
        if (this.listener === conn) this.reconnect();
      });
      await conn.query(`LISTEN "${outboxChannel(this.schema).replace(/"/g, '""')}"`);
      this.listener = conn;
    } catch (err) {
      this.logger.warn({ err }, 'cannot LISTEN for outbox events; relying on polling');
      this.reconnect();
    }
  }

  private reconnect(): void {
    if (this.stopped || this.reconnectTimer) return;
    void this.unlisten();
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      // Events committed while nobody listened: the pass after a new LISTEN reads the outbox.
      if (!this.stopped) void this.listen().then(() => this.wake());
    }, this.tuning.relistenDelayMs ?? 5_000);
    this.reconnectTimer.unref();
  }

  private async unlisten(): Promise<void> {
    const conn = this.listener;
    this.listener = undefined;
    if (!conn) return;
    conn.removeAllListeners('notification');
    conn.on('error', () => undefined);
    await (this.knex.client as unknown as RawConnections).destroyRawConnection(conn).catch(() => undefined);
  }
}
