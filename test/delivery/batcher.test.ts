import { expect } from 'chai';
import { Batcher } from '../../plugin/delivery/Batcher.js';

describe('Batcher (one round trip for the calls of a tick)', () => {
  it('runs the calls made in one tick as one batch, each caller getting its own answer', async () => {
    const batches: number[][] = [];
    const b = new Batcher<number, number>(async (xs) => {
      batches.push(xs);
      return xs.map((x) => x * 10);
    });
    expect(await Promise.all([1, 2, 3].map((x) => b.call(x)))).to.deep.equal([10, 20, 30]);
    expect(batches).to.deep.equal([[1, 2, 3]]);
  });

  it('splits at maxBatch', async () => {
    const sizes: number[] = [];
    const b = new Batcher<number, number>(async (xs) => {
      sizes.push(xs.length);
      return xs;
    }, 4);
    await Promise.all(Array.from({ length: 10 }, (_, i) => b.call(i)));
    expect(sizes).to.deep.equal([4, 4, 2]);
  });

  it('a batch that half fails: the failing input fails alone, the others get their answers', async () => {
    const runs: number[][] = [];
    // All-or-nothing like one SQL statement: any poisoned input fails the whole call.
    const b = new Batcher<number, string>(async (xs) => {
      runs.push(xs);
      if (xs.includes(3)) throw new Error('constraint violated by 3');
      return xs.map((x) => `ok ${x}`);
    });
    const results = await Promise.allSettled([1, 2, 3, 4].map((x) => b.call(x)));
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).to.deep.equal(['ok 1', 'ok 2', 'constraint violated by 3', 'ok 4']);
    expect(runs).to.deep.equal([[1, 2, 3, 4], [1], [2], [3], [4]]);
  });

  it('a run that throws synchronously rejects its callers instead of escaping', async () => {
    const b = new Batcher<number, number>(() => {
      throw new Error('boom');
    });
    const results = await Promise.allSettled([b.call(1), b.call(2)]);
    expect(results.every((r) => r.status === 'rejected')).to.equal(true);
  });
});
