import { expect } from 'chai';
import { SlotList } from '../../plugin/kernel/SlotList.js';

describe('SlotList (items that come and go, without a Set)', () => {
  it('adds, removes by slot, and reuses freed slots before growing', () => {
    const list = new SlotList<{ n: number }>();
    const a = { n: 1 };
    const b = { n: 2 };
    const c = { n: 3 };
    const sa = list.add(a);
    const sb = list.add(b);
    expect([sa, sb]).to.deep.equal([0, 1]);
    expect(list.remove(sa, a)).to.equal(true);
    expect(list.size).to.equal(1);
    // The freed slot is taken again: the array does not grow while fewer are in than before.
    expect(list.add(c)).to.equal(sa);
    expect(list.values()).to.deep.equal([c, b]);
    expect(list.size).to.equal(2);
  });

  it('refuses to remove an item from a slot that holds another (a stale slot), or twice', () => {
    const list = new SlotList<string>();
    const slot = list.add('first');
    expect(list.remove(slot, 'first')).to.equal(true);
    list.add('keep');
    const other = list.add('second');
    expect(list.remove(slot, 'first'), 'the slot now holds another item').to.equal(false);
    expect(list.remove(other, 'second')).to.equal(true);
    expect(list.remove(other, 'second'), 'removed already').to.equal(false);
    expect(list.values()).to.deep.equal(['keep']);
  });

  it('lets forEach remove items as it goes, and sees each remaining item once', () => {
    const list = new SlotList<number>();
    for (let i = 0; i < 10; i++) list.add(i);
    const seen: number[] = [];
    list.forEach((item, slot) => {
      seen.push(item);
      if (item % 2 === 0) expect(list.remove(slot, item)).to.equal(true);
    });
    expect(seen).to.deep.equal([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(list.values()).to.deep.equal([1, 3, 5, 7, 9]);
    expect(list.size).to.equal(5);
  });

  it('starts over once empty: slots count from 0 again after a burst', () => {
    const list = new SlotList<number>();
    const slots = Array.from({ length: 100 }, (_, i) => list.add(i));
    slots.forEach((slot, i) => list.remove(slot, i));
    expect(list.size).to.equal(0);
    expect(list.values()).to.deep.equal([]);
    expect(list.add(7)).to.equal(0);
  });

  it('holds no reference to an item once it is removed (the slot is cleared in place)', () => {
    const list = new SlotList<object>();
    const kept = { kept: true };
    const gone = { gone: true };
    list.add(kept);
    const slot = list.add(gone);
    list.remove(slot, gone);
    // What the list's storage points at, read through its own iteration: only the item still in.
    const reachable: object[] = [];
    list.forEach((item) => reachable.push(item));
    expect(reachable).to.deep.equal([kept]);
    expect((list as unknown as { items: unknown[] }).items).to.not.include(gone);
  });
});
