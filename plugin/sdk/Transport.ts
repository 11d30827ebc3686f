import type { AdapterContext } from './AdapterContext.js';

/** Carries an outbound event to a subscriber (webhook, later sftp or file batches). */
export interface Transport {
  readonly id: string;
  send(message: unknown, ctx: AdapterContext): Promise<unknown>;
}
