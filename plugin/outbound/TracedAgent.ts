import type { Agent as UndiciAgent, Dispatcher } from 'undici';
import { Agent } from './undici.js';
import { traceOutboundCall } from './traceOutboundCalls.js';

/**
 * The kit's undici Agent with every request traced (traceOutboundCall). A
 * subclass rather than `agent.compose()`: composing converts fetch's legacy
 * handler to undici's new handler API and back, which joins repeated response
 * headers (two set-cookie lines become one).
 */
export class TracedAgent extends Agent {
  override dispatch(options: UndiciAgent.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    return traceOutboundCall(options, handler, (o, h) => super.dispatch(o as UndiciAgent.DispatchOptions, h));
  }
}
