import type { Dispatcher } from 'undici';
import { Agent } from '../outbound/undici.js';

/** A kit-like dispatcher that counts what is sent through it: the kits check adapters use the dispatcher the core hands them. */
export class CountingAgent extends Agent {
  dispatched = 0;

  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    this.dispatched++;
    return super.dispatch(options, handler);
  }
}
