/**
 * The address rule for endpoints the operator wrote into the manifest: a
 * lender's `submission.url`, a CRM target's `baseUrl` (or the vendor's
 * default API host). Whoever can edit the manifest already chooses where
 * lendwire sends applications, so no address guard applies to them; the
 * manifest's `security` policy (SSRF guard) is for webhook subscribers, whose
 * URLs also come from the run-time API. Pass it as `policy` to
 * createOutboundDispatcher to say so explicitly.
 */
export const TRUSTED_ENDPOINTS = 'trusted-endpoints';

/** The type of TRUSTED_ENDPOINTS. */
export type TrustedEndpoints = typeof TRUSTED_ENDPOINTS;
