import type { LenderCallbacks } from '../../../../plugin/index.js';
import { authenticateApptraker } from './authenticateApptraker.js';
import { extractPartial } from './extractPartial.js';
import { parseApptrakerCallback } from './parseApptrakerCallback.js';

/** appTRAKER callbacks: API-key authentication, stage-1 link and stage-2+ status parsing. */
export const apptrakerCallbacks: LenderCallbacks = {
  authenticate: authenticateApptraker,
  parse: (callback) => parseApptrakerCallback(callback),
  // Every appTRAKER callback of an application carries its Appno (stage 1 with the AppId): a regex, no JSON parse at the door.
  subjectOf(request) {
    const { appNo, appId } = extractPartial(request.body.toString('utf8'));
    return appNo ? { lenderAppNo: appNo } : appId ? { lenderAppId: appId } : null;
  },
};
