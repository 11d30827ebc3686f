import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import knexFactory, { type Knex } from 'knex';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { constantTimeEqual } from '../../../plugin/kernel/constantTimeEqual.js';
import { BASELINE_SCHEMA } from './baselineNames.js';

export interface IngestBaselineOptions {
  databaseUrl: string;
  /** The BullMQ key prefix (the harness' throwaway one). */
  prefix: string;
  redisUrl: string;
  /** The X-API-KEY the lender presents (the same key lendwire's westlake lender checks). */
  apiKey: string;
}


/** The hand-rolled minimal durable ingest: Express, the API key, one INSERT into a raw_callbacks-like table, one BullMQ add. */
export async function startBaselineIngest({ databaseUrl, prefix, redisUrl, apiKey }: IngestBaselineOptions) {
  const knex: Knex = knexFactory({ client: 'pg', connection: databaseUrl, pool: { min: 0, max: 10 } });
  await knex.raw(`CREATE SCHEMA ${BASELINE_SCHEMA}`);
  // The same columns and indexes as lendwire.raw_callbacks, so both pay the same index maintenance.
  await knex.raw(`CREATE TABLE ${BASELINE_SCHEMA}.raw_callbacks (
    id bigserial PRIMARY KEY, lender_id text NOT NULL, received_at timestamptz NOT NULL DEFAULT now(),
    content_type text, headers jsonb NOT NULL, body bytea NOT NULL, source_ip text, dedupe_key text,
    parse_status text, parse_reason text, process_status text, process_detail text, application_id text,
    lender_app_no text, lender_app_id text, process_count integer NOT NULL DEFAULT 0, processed_at timestamptz)`);
  for (const cols of ['lender_id, received_at', 'parse_status, received_at', 'lender_id, lender_app_no', 'application_id', 'lender_id, lender_app_id']) {
    await knex.raw(`CREATE INDEX ON ${BASELINE_SCHEMA}.raw_callbacks (${cols})`);
  }
  await knex.raw(`CREATE UNIQUE INDEX ON ${BASELINE_SCHEMA}.raw_callbacks (lender_id, dedupe_key) WHERE dedupe_key IS NOT NULL`);
  await knex.raw(`CREATE INDEX ON ${BASELINE_SCHEMA}.raw_callbacks (process_status, id) WHERE process_status IN ('pending', 'orphaned')`);

  const connection = new Redis(redisUrl);
  const queue = new Queue('baseline-callbacks', { connection, prefix });
  const app = express();
  app.post('/callbacks/:lenderId', express.raw({ type: () => true, limit: '256kb' }), async (req, res, next) => {
    try {
      if (!constantTimeEqual(req.get('x-api-key') ?? '', apiKey)) {
        res.status(401).end();
        return;
      }
      const result = await knex.raw(
        `INSERT INTO ${BASELINE_SCHEMA}.raw_callbacks (lender_id, content_type, headers, body, source_ip, process_status) VALUES (?, ?, ?::jsonb, ?, ?, 'pending') RETURNING id`,
        [req.params.lenderId, req.get('content-type') ?? null, JSON.stringify(req.headers), req.body as Buffer, req.socket.remoteAddress ?? null],
      );
      const id = String((result as { rows: { id: string }[] }).rows[0].id);
      await queue.add('process', { rawCallbackId: id }, { jobId: `raw-${id}`, removeOnComplete: true, removeOnFail: true });
      res.json({ received: true, id });
    } catch (err) {
      next(err);
    }
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await queue.close();
      connection.disconnect();
      await knex.destroy();
    },
  };
}
