import { isIP } from 'node:net';
import type { Dispatcher } from 'undici';
import { AddressPolicy } from './AddressPolicy.js';
import { ConfigurationError } from '../errors/index.js';
import { createOutboundDispatcher } from './createOutboundDispatcher.js';
import { guardedLookup, type LookupFunction } from './guardedLookup.js';

export { SsrfRefusedError } from './SsrfRefusedError.js';

export interface OutboundGuardOptions {
  allowInsecureHttp: boolean;
  ssrfAllowlist: readonly string[];
}

/**
 * The SSRF guard for every outbound call to a subscriber: URLs are checked when
 * a subscription is saved and before each attempt, and the address a hostname
 * resolves to is checked again at connect time (the kit's dispatcher with the
 * guarded lookup), so a DNS answer that changes between check and connect can't slip through.
 */
export class OutboundGuard {
  private readonly policy: AddressPolicy;
  readonly dispatcher: Dispatcher;

  constructor(private readonly options: OutboundGuardOptions) {
    const problems = options.ssrfAllowlist.flatMap((entry, i) => AddressPolicy.validateAllowlist([entry]).map((message) => ({ path: `/security/ssrfAllowlist/${i}`, message })));
    if (problems.length) throw new ConfigurationError('Invalid lendwire manifest', problems);
    this.policy = new AddressPolicy(options.ssrfAllowlist);
    this.lookup = guardedLookup(this.policy);
    this.dispatcher = createOutboundDispatcher({ policy: this.policy });
  }

  /** Answers of urlProblem: they depend only on the URL and this guard's fixed policy, and every attempt asks. */
  private readonly verdicts = new Map<string, string | null>();

  /** Why this URL may not be a subscriber endpoint, or null when it may. */
  urlProblem(text: string): string | null {
    let verdict = this.verdicts.get(text);
    if (verdict === undefined) {
      verdict = this.checkUrl(text);
      // Bounded: a host with many endpoints re-checks them now and then, nothing grows without end.
      if (this.verdicts.size >= 1000) this.verdicts.clear();
      this.verdicts.set(text, verdict);
    }
    return verdict;
  }

  private checkUrl(text: string): string | null {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return 'is not a valid absolute URL';
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return `uses ${url.protocol.replace(/:$/, '')}; only https is allowed`;
    if (url.protocol === 'http:' && !this.options.allowInsecureHttp) return 'must use https (plain http is only allowed when security.allowInsecureHttp is true)';
    if (url.username || url.password) return 'must not carry credentials; subscribers authenticate requests by their signature';
    if (!url.hostname) return 'has no host';
    return this.hostProblem(url.hostname);
  }

  /**
   * Why a host (an IP literal, `[v6]`, `localhost` or a name) is refused before any
   * lookup, or null (a name is checked again at connect time, per resolved address).
   */
  hostProblem(hostname: string): string | null {
    const host = hostname.replace(/^\[|\]$/g, '');
    // "localhost" and its subdomains always mean the loopback addresses (RFC 6761): refused here when
    // none of them is allowlisted; otherwise the connect-time check decides per resolved address.
    const addresses = isIP(host) ? [host] : /(^|\.)localhost\.?$/i.test(host) ? ['127.0.0.1', '::1'] : [];
    const refusals = addresses.map((a) => this.policy.refusal(a));
    if (refusals.length && refusals.every((r) => r !== null)) return `points at ${refusals[0]} (allowlist its subnet in security.ssrfAllowlist to permit it)`;
    return null;
  }

  /** dns.lookup, then refuse the answer when any address it would connect to is not allowed. */
  readonly lookup: LookupFunction;

  async close(): Promise<void> {
    await this.dispatcher.close();
  }
}
