/**
 * The outbound-HTTP kit as adapter authors get it (through `lendwire/adapters`
 * and the package root): the guarded undici dispatcher, the one request
 * function (outboundFetch), the one classifier and its error codes, the one
 * Retry-After parser, the one excerpt reader and the one timeout policy. See README.md in this folder.
 */
export { createOutboundDispatcher, type OutboundDispatcherOptions, type OutboundTls } from './createOutboundDispatcher.js';
export { TRUSTED_ENDPOINTS, type TrustedEndpoints } from './trustedEndpoints.js';
export { outboundFetch, type OutboundRequest, type OutboundFetchOptions, type OutboundAnswer, type OutboundFailure } from './outboundFetch.js';
export { AddressPolicy } from './AddressPolicy.js';
export { SsrfRefusedError } from './SsrfRefusedError.js';
export { classifyNetworkError, type NetworkFailure, type NetworkErrorCode, type ClassifyOptions } from './classifyNetworkError.js';
export { parseRetryAfter } from './parseRetryAfter.js';
export { readBoundedBody, type ResponseBody } from './readBoundedBody.js';
export { readExcerpt } from './readExcerpt.js';
export { storedVendorText, VENDOR_TEXT_LIMIT } from './storedVendorText.js';
export { createLenderHttp } from './createLenderHttp.js';
export { applicantDataSpellings } from './applicantDataSpellings.js';
export { withoutApplicantData } from './withoutApplicantData.js';
export { outboundTimeouts, deadlineSignal, requestDeadline, MAX_CONNECT_MS, type OutboundTimeouts, type RequestDeadline } from './OutboundTimeouts.js';
export { classifyLenderAnswer, jsonObjectOf, type LenderAnswerReader, type UnreadableAnswer } from './classifyLenderAnswer.js';
