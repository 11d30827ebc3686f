import type { Knex } from 'knex';
import type { OutboxEvent } from './OutboxEvent.js';
import { prepareEvent, writeEvents, type EventWrite } from './appendEvent.js';

/**
 * Event writes of one transaction held back and sent together (`writeEvents`: one statement
 * for all), so a transaction that applies many state changes pays one round trip for them.
 * Its owner flushes before any other statement that could read or write what they touch,
 * and before the commit. Two writes of one row are never merged: a second write about the
 * same subject (an application) flushes the first one before it is held.
 */
export class DeferredEvents {
  private writes: EventWrite[] = [];
  private readonly subjects = new Set<string>();

  constructor(
    private readonly trx: Knex.Transaction,
    private readonly schema: string,
  ) {}

  /** Holds the event (and the writes that go with it) about `subject` until the next flush. */
  async defer(subject: string, event: OutboxEvent, alongWith: readonly Knex.QueryBuilder[] = []): Promise<void> {
    if (this.subjects.has(subject)) await this.flush();
    this.writes.push(await prepareEvent(this.trx, this.schema, event, alongWith));
    this.subjects.add(subject);
  }

  /** Sends what is held, in one statement. */
  async flush(): Promise<void> {
    if (!this.writes.length) return;
    const writes = this.writes;
    this.writes = [];
    this.subjects.clear();
    await writeEvents(this.trx, this.schema, writes);
  }

  /** Writes held now. */
  get size(): number {
    return this.writes.length;
  }
}
