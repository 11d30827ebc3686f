import { expect } from 'chai';
import { Batcher } from '../../plugin/kernel/Batcher.js';

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

  it('splits within a size budget; an input over the budget goes alone', async () => {
    const batches: number[][] = [];
    const b = new Batcher<number, number>(
      async (xs) => {
        batches.push(xs);
        return xs;
      },
      { budget: { size: (x) => x, max: 10 } },
    );
    await Promise.all([4, 5, 2, 30, 1, 9].map((x) => b.call(x)));
    expect(batches).to.deep.equal([[4, 5], [2], [30], [1, 9]]);
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
  it('with maxInFlight, calls made while every slot is busy go together in the next batch (group commit)', async () => {
    const batches: number[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const b = new Batcher<number, number>(
      async (xs) => {
        batches.push(xs);
        if (batches.length === 1) await gate; // the first batch holds the only slot
        return xs.map((x) => x + 1);
      },
      { maxInFlight: 1, maxBatch: 3 },
    );
    const first = b.call(0);
    await new Promise((r) => setImmediate(r));
    const later = [1, 2, 3, 4, 5].map((x) => b.call(x));
    await new Promise((r) => setTimeout(r, 20));
    expect(batches).to.deep.equal([[0]]); // nothing else started while the slot was taken
    release();
    expect(await Promise.all([first, ...later])).to.deep.equal([1, 2, 3, 4, 5, 6]);
    expect(batches).to.deep.equal([[0], [1, 2, 3], [4, 5]]);
  });

  it('with maxInFlight, a failed batch keeps its slot until its inputs have run alone', async () => {
    const log: string[] = [];
    const b = new Batcher<number, number>(
      async (xs) => {
        log.push(`start ${xs.join(',')}`);
        await new Promise((r) => setTimeout(r, 5));
        log.push(`end ${xs.join(',')}`);
        if (xs.includes(2)) throw new Error('poisoned by 2');
        return xs;
      },
      { maxInFlight: 1 },
    );
    const batch = [1, 2, 3].map((x) => b.call(x));
    await new Promise((r) => setImmediate(r));
    const next = b.call(9); // made while the batch holds the only slot
    const results = await Promise.allSettled([...batch, next]);
    expect(results.map((r) => r.status)).to.deep.equal(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    // The batch's one-at-a-time re-runs finish before the next batch starts.
    expect(log.indexOf('start 9')).to.be.greaterThan(Math.max(log.indexOf('end 1'), log.indexOf('end 2'), log.indexOf('end 3')));
    expect(log[0]).to.equal('start 1,2,3');
  });
});
