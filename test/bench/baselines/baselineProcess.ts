/**
 * A hand-written baseline in a process of its own (see forkBaseline.ts): the
 * bench process is the host, and its RSS is the host RSS the bench reports, so
 * the baselines' servers, pools and garbage stay out of it.
 */
import { startBaselineIngest, type IngestBaselineOptions } from './ingestBaseline.js';
import { startDeliveryBaseline, type DeliveryBaselineOptions } from './deliveryBaseline.js';
import { exitWithParent } from '../exitWithParent.js';

export type BaselineStart = { kind: 'start'; which: 'ingest'; options: IngestBaselineOptions } | { kind: 'start'; which: 'delivery'; options: DeliveryBaselineOptions };
export type BaselineCall = { kind: 'call'; id: number; method: string };
export type BaselineReply = { kind: 'started'; origin?: string; error?: string } | { kind: 'done'; id: number; error?: string };

type Started = { origin?: string; close(): Promise<void> } & Record<string, unknown>;
let started: Started | undefined;
const reply = (message: BaselineReply): void => void process.send!(message);

exitWithParent();
process.on('message', (msg: BaselineStart | BaselineCall) => {
  void (async () => {
    if (msg.kind === 'start') {
      try {
        started = (msg.which === 'ingest' ? await startBaselineIngest(msg.options) : await startDeliveryBaseline(msg.options)) as unknown as Started;
        reply({ kind: 'started', origin: started.origin });
      } catch (err) {
        reply({ kind: 'started', error: String((err as Error)?.stack ?? err) });
      }
      return;
    }
    try {
      const method = started?.[msg.method];
      if (typeof method !== 'function') throw new Error(`the baseline has no method ${msg.method}`);
      await (method as () => Promise<unknown>).call(started);
      reply({ kind: 'done', id: msg.id });
      if (msg.method === 'close') process.disconnect();
    } catch (err) {
      reply({ kind: 'done', id: msg.id, error: String((err as Error)?.stack ?? err) });
    }
  })();
});
