import type { ServiceIdentifier } from 'inversify';
import type { RunState } from './RunState.js';

type Id<T> = ServiceIdentifier<T>;

/** What only the composition root binds and reads, as typed symbols. */
export const APP_TOKENS = {
  /** The instance's run state (created, starting, started, stopped). */
  RunState: Symbol('lendwire.RunState') as Id<RunState>,
} as const;
