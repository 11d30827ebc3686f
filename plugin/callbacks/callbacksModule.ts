import { ContainerModule } from 'inversify';
import { TOKENS } from '../kernel/tokens.js';
import { CALLBACKS_TOKENS } from './tokens.js';
import { CallbackConcurrency } from './CallbackConcurrency.js';
import { CallbackIngest } from './CallbackIngest.js';
import { CallbackMetrics } from './CallbackMetrics.js';
import { CallbackProcessor } from './CallbackProcessor.js';
import { CallbackQueue } from './CallbackQueue.js';
import { CallbackReview } from './CallbackReview.js';
import { CallbackRoutes } from './CallbackRoutes.js';
import { CallbackWorker } from './CallbackWorker.js';
import { LocalCallbacks } from './LocalCallbacks.js';
import { RawCallbackStore } from './RawCallbackStore.js';
import { RawCallbackRetention } from './RawCallbackRetention.js';

/** Inbound lender callbacks: ingest route, processing worker and sweep, retention, review and replay. */
export const callbacksModule = new ContainerModule(({ bind }) => {
  bind(CALLBACKS_TOKENS.CallbackStore).to(RawCallbackStore).inSingletonScope();
  bind(CALLBACKS_TOKENS.CallbackQueue).to(CallbackQueue).inSingletonScope();
  bind(CALLBACKS_TOKENS.CallbackMetrics).to(CallbackMetrics).inSingletonScope();
  bind(CALLBACKS_TOKENS.CallbackIngest).to(CallbackIngest).inSingletonScope();
  bind(CALLBACKS_TOKENS.CallbackConcurrency).to(CallbackConcurrency).inSingletonScope();
  bind(CALLBACKS_TOKENS.LocalCallbacks).to(LocalCallbacks).inSingletonScope();
  bind(CALLBACKS_TOKENS.CallbackProcessor).to(CallbackProcessor).inSingletonScope();
  bind(CALLBACKS_TOKENS.CallbackReview).to(CallbackReview).inSingletonScope();
  bind(TOKENS.Routes).to(CallbackRoutes).inSingletonScope();
  bind(TOKENS.Startable).to(CallbackWorker).inSingletonScope();
  bind(TOKENS.Startable).to(RawCallbackRetention).inSingletonScope();
});
