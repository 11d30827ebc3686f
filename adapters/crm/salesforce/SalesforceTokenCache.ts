import type { Dispatcher } from 'undici';
import { crmFetch, httpFailureOutcome, networkOutcome, responseExcerpt, type DeliveryOutcome } from '../../../plugin/index.js';

export interface SalesforceSession {
  accessToken: string;
  /** The org's API host, from the token answer (not necessarily the login host). */
  instanceUrl: string;
}

export interface TokenRequest {
  /** My Domain login URL, e.g. https://acme.my.salesforce.com */
  loginUrl: string;
  clientId: string;
  clientSecret: string;
  timeoutMs: number;
  /** The target's kit dispatcher (CrmSyncContext.dispatcher); every call to the org goes through it. */
  dispatcher?: Dispatcher;
}

export type SessionResult = { ok: true; session: SalesforceSession } | { ok: false; outcome: DeliveryOutcome };

/** OAuth errors that no retry can fix: the connected app or its run-as user must be fixed by an admin. */
const CREDENTIAL_ERRORS = new Set(['invalid_client', 'invalid_client_id', 'invalid_grant', 'unauthorized_client', 'unsupported_grant_type', 'inactive_user', 'inactive_org']);

/**
 * OAuth 2.0 client-credentials sessions, kept in memory per connected app and
 * shared by concurrent syncs (one token request at a time per app). Salesforce
 * does not say when a token expires: it is used until an API call answers 401
 * INVALID_SESSION_ID, then dropped and fetched again once.
 */
export class SalesforceTokenCache {
  private readonly sessions = new Map<string, Promise<SessionResult>>();

  private key(req: TokenRequest): string {
    return `${req.loginUrl}|${req.clientId}`;
  }

  get(req: TokenRequest): Promise<SessionResult> {
    const key = this.key(req);
    let pending = this.sessions.get(key);
    if (!pending) {
      pending = this.fetchToken(req);
      this.sessions.set(key, pending);
      // A failed token request is not cached: the next attempt asks again.
      void pending.then((result) => {
        if (!result.ok && this.sessions.get(key) === pending) this.sessions.delete(key);
      });
    }
    return pending;
  }

  /** Forgets `session` (expired or revoked) unless another caller already replaced it. */
  async invalidate(req: TokenRequest, session: SalesforceSession): Promise<void> {
    const key = this.key(req);
    const current = await this.sessions.get(key);
    if (current?.ok && current.session.accessToken === session.accessToken) this.sessions.delete(key);
  }

  private async fetchToken(req: TokenRequest): Promise<SessionResult> {
    const res = await crmFetch({
      method: 'POST',
      url: `${req.loginUrl.replace(/\/+$/, '')}/services/oauth2/token`,
      form: { grant_type: 'client_credentials', client_id: req.clientId, client_secret: req.clientSecret },
      timeoutMs: req.timeoutMs,
      dispatcher: req.dispatcher,
    });
    if (!res.ok) return { ok: false, outcome: networkOutcome(res) };
    const body = (res.json ?? {}) as { access_token?: unknown; instance_url?: unknown; error?: string; error_description?: string };
    if (res.status === 200 && typeof body.access_token === 'string' && typeof body.instance_url === 'string') {
      return { ok: true, session: { accessToken: body.access_token, instanceUrl: body.instance_url.replace(/\/+$/, '') } };
    }
    const message = `Salesforce token request failed with ${res.status}${body.error ? `: ${body.error}` : ''}${body.error_description ? ` (${body.error_description})` : ''}`;
    if (body.error && CREDENTIAL_ERRORS.has(body.error)) {
      return {
        ok: false,
        outcome: { result: 'permanent', code: 'E_CRM_AUTH', message: `credentials were rejected: ${message}`, disableTarget: true, statusCode: res.status, responseExcerpt: responseExcerpt(res.text) },
      };
    }
    return { ok: false, outcome: httpFailureOutcome(res, { message }) };
  }
}
