import type { LenderCallbacks } from '../../../../plugin/index.js';
import { authenticateApptraker } from './authenticateApptraker.js';
import { parseApptrakerCallback } from './parseApptrakerCallback.js';

/** appTRAKER callbacks: API-key authentication, stage-1 link and stage-2+ status parsing. */
export const apptrakerCallbacks: LenderCallbacks = {
  authenticate: authenticateApptraker,
  parse: (callback) => parseApptrakerCallback(callback),
};
