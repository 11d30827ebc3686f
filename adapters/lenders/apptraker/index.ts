import type { LenderAdapter } from '../../../plugin/index.js';
import { apptrakerSubmission } from './submission/apptrakerSubmission.js';
import { apptrakerCallbacks } from './callbacks/index.js';

/**
 * appTRAKER-style loan origination system: submissions answered with an AppId,
 * then a stage-1 PROCESSED callback (AppId + Appno) and stage-2+ callbacks by Appno.
 */
export const apptrakerAdapter: LenderAdapter = {
  id: 'apptraker',
  submission: apptrakerSubmission,
  callbacks: apptrakerCallbacks,
};
