export { crmFetch, type CrmRequest, type CrmResponse, type CrmNetworkFailure } from './crmFetch.js';
export { responseExcerpt, isHtml, retryAfterMs, networkOutcome, httpFailureOutcome, deliveredOutcome, type FailureDetails } from './crmOutcomes.js';
export { readCredential, type CredentialResult } from './readCredential.js';
