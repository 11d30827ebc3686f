import { crmFetch, type CrmRequest, type CrmResponse, type CrmNetworkFailure, type DeliveryOutcome } from '../../../plugin/index.js';
import { SalesforceTokenCache, type TokenRequest } from './SalesforceTokenCache.js';
import { salesforceErrorCode } from './salesforceFailure.js';

export type CallResult = { ok: true; res: CrmResponse } | { ok: false; network?: CrmNetworkFailure; outcome?: DeliveryOutcome };

/**
 * Calls the org's REST API with a cached session; a 401 INVALID_SESSION_ID
 * (expired or revoked token) drops the session and retries once with a new one.
 */
export class SalesforceClient {
  constructor(
    private readonly tokens: SalesforceTokenCache,
    private readonly login: TokenRequest,
    private readonly onResponse: (res: CrmResponse) => void,
  ) {}

  async call(request: Omit<CrmRequest, 'url' | 'headers' | 'timeoutMs' | 'dispatcher'> & { path: string }): Promise<CallResult> {
    for (let round = 0; round < 2; round += 1) {
      const got = await this.tokens.get(this.login);
      if (!got.ok) return { ok: false, outcome: got.outcome };
      const res = await crmFetch({
        method: request.method,
        url: `${got.session.instanceUrl}${request.path}`,
        headers: { authorization: `Bearer ${got.session.accessToken}` },
        ...(request.json !== undefined ? { json: request.json } : {}),
        timeoutMs: this.login.timeoutMs,
        dispatcher: this.login.dispatcher,
      });
      if (!res.ok) return { ok: false, network: res };
      this.onResponse(res);
      if (res.status === 401 && salesforceErrorCode(res) === 'INVALID_SESSION_ID' && round === 0) {
        await this.tokens.invalidate(this.login, got.session);
        continue;
      }
      return { ok: true, res };
    }
    throw new Error('unreachable: the second round always returns');
  }
}
