import { createHmac } from 'node:crypto';
import knexFactory, { type Knex } from 'knex';
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { Agent, request } from 'undici';

import { BASELINE_QUEUE, BASELINE_SCHEMA } from './baselineNames.js';

export interface DeliveryBaselineOptions {
  databaseUrl: string;
  prefix: string;
  redisUrl: string;
  /** The receiver's URL. */
  url: string;
  /** The Standard Webhooks secret (`whsec_...`) lendwire signs with too. */
  secret: string;
}

/**
 * The hand-rolled minimal delivery loop's consumer: a BullMQ worker that signs
 * (HMAC-SHA256, Standard Webhooks), POSTs with undici and INSERTs the attempt.
 * Its jobs are added by the bench process (deliveryBench.ts), as lendwire's
 * events are written there.
 */
export async function startDeliveryBaseline({ databaseUrl, prefix, redisUrl, url, secret }: DeliveryBaselineOptions) {
  const knex: Knex = knexFactory({ client: 'pg', connection: databaseUrl, pool: { min: 0, max: 10 } });
  await knex.raw(`CREATE SCHEMA IF NOT EXISTS ${BASELINE_SCHEMA}`);
  await knex.raw(`CREATE TABLE ${BASELINE_SCHEMA}.delivery_attempts (
    id bigserial PRIMARY KEY, delivery_id text NOT NULL, attempt integer NOT NULL, started_at timestamptz NOT NULL,
    duration_ms integer, status_code integer, error_code text, response_excerpt text)`);
  await knex.raw(`CREATE INDEX ON ${BASELINE_SCHEMA}.delivery_attempts (delivery_id, attempt)`);
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const agent = new Agent({ connections: 50 });
  const workerConnection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const worker = new Worker(
    BASELINE_QUEUE,
    async (job) => {
      const id = String(job.id);
      const body = JSON.stringify({ type: job.data.type, timestamp: job.data.timestamp, data: job.data.data });
      const timestamp = Math.floor(Date.now() / 1000);
      const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
      const startedAt = new Date();
      const t0 = performance.now();
      const res = await request(url, {
        method: 'POST',
        dispatcher: agent,
        headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': `v1,${signature}` },
        body,
      });
      const excerpt = await res.body.text();
      await knex.raw(`INSERT INTO ${BASELINE_SCHEMA}.delivery_attempts (delivery_id, attempt, started_at, duration_ms, status_code, response_excerpt) VALUES (?, ?, ?, ?, ?, ?)`, [
        id,
        job.attemptsMade + 1,
        startedAt,
        Math.round(performance.now() - t0),
        res.statusCode,
        excerpt.slice(0, 4096),
      ]);
      if (res.statusCode >= 300) throw new Error(`HTTP ${res.statusCode}`);
    },
    { connection: workerConnection, prefix, concurrency: 50 },
  );
  return {
    /** Waits for the jobs in progress, then takes no more until `resume`. */
    pause: () => worker.pause(),
    resume: () => worker.resume(),
    async close() {
      await worker.close();
      workerConnection.disconnect();
      await agent.close();
      await knex.destroy();
    },
  };
}
