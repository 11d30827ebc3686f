import type { ServiceIdentifier } from 'inversify';
import type { RawCallbackStore } from './RawCallbackStore.js';
import type { CallbackQueue } from './CallbackQueue.js';
import type { CallbackMetrics } from './CallbackMetrics.js';
import type { CallbackProcessor } from './CallbackProcessor.js';
import type { CallbackIngest } from './CallbackIngest.js';
import type { CallbackReviewApi } from './CallbackReview.js';
import type { CallbackConcurrency } from './CallbackConcurrency.js';
import type { LocalCallbacks } from './LocalCallbacks.js';

type Id<T> = ServiceIdentifier<T>;

/** Inbound callbacks (issue 4): lenders taking callbacks, raw storage, queue, metrics, ingest, processing, review/replay. */
export const CALLBACKS_TOKENS = {
  CallbackStore: Symbol('lendwire.CallbackStore') as Id<RawCallbackStore>,
  CallbackQueue: Symbol('lendwire.CallbackQueue') as Id<CallbackQueue>,
  CallbackMetrics: Symbol('lendwire.CallbackMetrics') as Id<CallbackMetrics>,
  CallbackIngest: Symbol('lendwire.CallbackIngest') as Id<CallbackIngest>,
  CallbackProcessor: Symbol('lendwire.CallbackProcessor') as Id<CallbackProcessor>,
  CallbackReview: Symbol('lendwire.CallbackReview') as Id<CallbackReviewApi>,
  CallbackConcurrency: Symbol('lendwire.CallbackConcurrency') as Id<CallbackConcurrency>,
  LocalCallbacks: Symbol('lendwire.LocalCallbacks') as Id<LocalCallbacks>,
} as const;
