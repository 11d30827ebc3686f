import type { FieldProblem, LenderAdapter, LenderConfig } from '../../../plugin/index.js';
import settingsSchema from './apptrakerSettings.schema.json' with { type: 'json' };
import type { ApptrakerSettings } from './apptrakerSettings.types.js';
import { apptrakerSubmission } from './submission/apptrakerSubmission.js';
import { apptrakerCallbacks } from './callbacks/index.js';

/**
 * appTRAKER-style loan origination system: submissions answered with an AppId,
 * then a stage-1 PROCESSED callback (AppId + Appno) and stage-2+ callbacks by Appno.
 */
export const apptrakerAdapter: LenderAdapter = {
  id: 'apptraker',
  configSchema: settingsSchema,
  checkConfig(lender: LenderConfig): FieldProblem[] {
    // Submissions carry the key in X-API-KEY: a lender we submit to without one would fail at each send.
    const { credentials, submission } = lender as LenderConfig & ApptrakerSettings;
    if (submission?.url && !credentials?.apiKey) return [{ path: '/credentials/apiKey', message: 'is required when submission.url is set: appTRAKER submissions send it in X-API-KEY' }];
    return [];
  },
  submission: apptrakerSubmission,
  callbacks: apptrakerCallbacks,
};
