import type { Knex } from 'knex';
import type { Redis } from 'ioredis';
import type { HealthCheck } from '../kernel/lifecycle.js';
import type { QueueFactory } from '../queue/QueueFactory.js';

export function postgresCheck(knex: Knex): HealthCheck {
  return {
    name: 'postgres',
    async check() {
      await knex.raw('select 1');
      return { ok: true };
    },
  };
}

export function redisCheck(redis: Redis): HealthCheck {
  return {
    name: 'redis',
    async check() {
      const pong = await redis.ping();
      return { ok: pong === 'PONG', detail: pong === 'PONG' ? undefined : `unexpected answer ${pong}` };
    },
  };
}

/** Workers are healthy when this process runs them and each is running, or when it does not run workers at all. */
export function workersCheck(queues: QueueFactory, runWorkers: boolean, started: () => boolean): HealthCheck {
  return {
    name: 'workers',
    async check() {
      if (!runWorkers) return { ok: true, detail: 'this process runs no workers' };
      if (!started()) return { ok: false, detail: 'not started' };
      const states = queues.workerStates();
      const stopped = states.filter((s) => !s.running).map((s) => s.name);
      return { ok: stopped.length === 0, workers: states, ...(stopped.length ? { detail: `not running: ${stopped.join(', ')}` } : {}) };
    },
  };
}
