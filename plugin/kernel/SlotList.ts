/**
 * The items of a collection that come and go many times a second (one per request
 * or callback in flight), in an array with a list of free slots, instead of a `Set`.
 *
 * Why not a `Set`: under constant adds and deletes, V8 rebuilds a Set's table every
 * few dozen changes, and the table it leaves behind still points at the items that
 * were in it. Once such a table has reached the old generation, each young collection
 * keeps those items (and everything they reach: a request's whole object graph)
 * alive and promotes them, until the next full collection. On the callback ingest,
 * the deadline's watch Set alone made about a fifth more bytes per request reach the
 * old generation, and the young collections that much longer (docs/performance.md).
 * Here a slot is cleared in place when its item leaves, and the array is only
 * reallocated when more items are in at once than ever before.
 */
export class SlotList<T> {
  private items: (T | undefined)[] = [];
  private free: number[] = [];
  private count = 0;

  /** Puts `item` in a free slot and returns the slot, for `remove`. */
  add(item: T): number {
    const slot = this.free.length ? this.free.pop()! : this.items.length;
    this.items[slot] = item;
    this.count++;
    return slot;
  }

  /** Takes `item` out of `slot`; false (and nothing changes) when the slot holds something else. */
  remove(slot: number, item: T): boolean {
    if (this.items[slot] !== item || item === undefined) return false;
    this.count--;
    if (this.count === 0) {
      // Empty: start over, so a burst does not leave a long array behind for every later pass.
      this.items = [];
      this.free = [];
      return true;
    }
    this.items[slot] = undefined;
    this.free.push(slot);
    return true;
  }

  get size(): number {
    return this.count;
  }

  /** Calls `visit` for each item with its slot; `visit` may remove items (that one or others). */
  forEach(visit: (item: T, slot: number) => void): void {
    const items = this.items;
    for (let slot = 0; slot < items.length; slot++) {
      const item = items[slot];
      if (item !== undefined) visit(item, slot);
    }
  }

  /** The items in, as an array (a copy). */
  values(): T[] {
    const out: T[] = [];
    this.forEach((item) => out.push(item));
    return out;
  }
}
