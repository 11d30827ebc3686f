/**
 * How a transport or CRM adapter reports one attempt. Adapters only classify;
 * the delivery engine alone decides what happens next (retry, wait, dead-letter, pause).
 */
export type DeliveryOutcome =
  | { result: 'delivered'; statusCode?: number; responseExcerpt?: string }
  | { result: 'retryable'; code: string; message: string; statusCode?: number; responseExcerpt?: string; waitMs?: number }
  | { result: 'rateLimited'; waitMs: number; code: string; message: string; statusCode?: number; responseExcerpt?: string }
  | { result: 'permanent'; code: string; message: string; statusCode?: number; responseExcerpt?: string; disableTarget?: boolean };
