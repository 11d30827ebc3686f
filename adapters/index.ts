import type { Lendwire } from '../plugin/index.js';
import { apptrakerAdapter } from './lenders/apptraker/index.js';
import { brokerAdapter } from './lenders/broker/index.js';

/** Registers every adapter shipped with lendwire on an instance (hosts may register their own instead). */
export function registerBuiltInAdapters(lendwire: Pick<Lendwire, 'registerLenderAdapter' | 'registerCrmAdapter' | 'registerTransport'>): void {
  lendwire.registerLenderAdapter(apptrakerAdapter);
  lendwire.registerLenderAdapter(brokerAdapter);
}
