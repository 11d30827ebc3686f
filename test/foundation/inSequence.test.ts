import { expect } from 'chai';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { inSequence } from '../../plugin/http/inSequence.js';

/** Runs a composed middleware once; resolves with what it passed to the router's next. */
function run(handler: RequestHandler): Promise<unknown> {
  return new Promise((resolve) => handler({} as Request, {} as Response, ((err?: unknown) => resolve(err ?? 'next')) as NextFunction));
}

describe('inSequence: several middleware functions as one router layer', () => {
  it('runs them in order, each when the one before calls next, then hands over to the router', async () => {
    const seen: string[] = [];
    const mark = (name: string): RequestHandler => (_req, _res, next) => {
      seen.push(name);
      setImmediate(next); // asynchronous hand-over, as the request-context middleware may do
    };
    expect(await run(inSequence(mark('a'), mark('b'), mark('c')))).to.equal('next');
    expect(seen).to.deep.equal(['a', 'b', 'c']);
  });

  it('an error passed to next, thrown, or a rejected promise skips the rest and reaches the router', async () => {
    const never: RequestHandler = () => expect.fail('ran after an error');
    const boom = new Error('boom');
    expect(await run(inSequence((_q, _s, next) => next(boom), never))).to.equal(boom);
    expect(
      await run(
        inSequence(() => {
          throw boom;
        }, never),
      ),
    ).to.equal(boom);
    expect(await run(inSequence(async () => Promise.reject(boom), never))).to.equal(boom);
  });

  it('a middleware that answers without calling next ends the chain there', async () => {
    let ended = false;
    const answered = inSequence(() => {
      ended = true;
    });
    const outcome = await Promise.race([run(answered), new Promise((resolve) => setTimeout(() => resolve('nothing'), 50))]);
    expect(ended).to.equal(true);
    expect(outcome).to.equal('nothing');
  });
});
