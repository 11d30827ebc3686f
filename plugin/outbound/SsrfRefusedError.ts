/** Thrown (as a connection error) when an outbound connection would reach a refused address. */
export class SsrfRefusedError extends Error {
  readonly code = 'E_SSRF';
}
