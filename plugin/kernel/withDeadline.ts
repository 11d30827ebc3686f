import { DependencyTimeoutError } from '../errors/LendwireError.js';

/**
 * How long a request may wait for a queue write after its data is safe in
 * Postgres. Longer waits only delay the answer: the sweeps enqueue whatever
 * did not make it.
 */
export const QUEUE_WAIT_MS = 1000;

/**
 * `work`, or a DependencyTimeoutError after `ms`: bounds how long a request
 * waits on Redis or Postgres. The work itself is not cancelled (ioredis and
 * knex cannot abort a command); its late result is ignored.
 */
export function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new DependencyTimeoutError(`${what} did not answer within ${ms} ms`)), ms);
  });
  // A late rejection of `work` must not surface as an unhandled rejection.
  work.catch(() => undefined);
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
