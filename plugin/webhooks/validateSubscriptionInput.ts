import { createAjv } from '../manifest/createAjv.js';
import { describeAjvErrors } from '../manifest/loadManifest.js';
import { InputError, type FieldProblem } from '../errors/index.js';
import type { SignatureScheme } from './SubscriptionRecord.js';
import { isWebhookSecret } from './subscriptionSecrets.js';

/** A subscription as the programmatic / admin API takes it. */
export interface SubscriptionInput {
  id?: string;
  url: string;
  /** Event types; `*` matches one segment (`application.*`) or, alone, everything. */
  events: string[];
  signature?: SignatureScheme;
  /** `whsec_<base64>`; generated when omitted. */
  secret?: string;
  transport?: string;
  rateLimit?: { perSecond: number; burst: number };
  /** Delays between attempts, e.g. ["1s", "1m", "1h"]; the default schedule when omitted. */
  retrySchedule?: string[];
  timeoutMs?: number;
  enabled?: boolean;
}

export type SubscriptionPatch = Partial<Omit<SubscriptionInput, 'id' | 'secret'>>;

const duration = { type: 'string', pattern: '^[0-9]+(ms|s|m|h|d)$' };
const properties = {
  id: { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]{0,62}$' },
  url: { type: 'string', minLength: 1, maxLength: 2048 },
  events: { type: 'array', minItems: 1, maxItems: 100, items: { type: 'string', pattern: '^([a-z_]+|\\*)(\\.([a-z_]+|\\*))*$' } },
  signature: { enum: ['standard-webhooks', 'broker'] },
  secret: { type: 'string' },
  transport: { type: 'string', minLength: 1 },
  rateLimit: {
    type: 'object',
    additionalProperties: false,
    required: ['perSecond', 'burst'],
    properties: { perSecond: { type: 'number', exclusiveMinimum: 0, maximum: 10000 }, burst: { type: 'integer', minimum: 1, maximum: 100000 } },
  },
  retrySchedule: { type: 'array', maxItems: 30, items: duration },
  timeoutMs: { type: 'integer', minimum: 100, maximum: 120000 },
  enabled: { type: 'boolean' },
};
const ajv = createAjv();
const validateCreate = ajv.compile({ type: 'object', additionalProperties: false, required: ['url', 'events'], properties });
const validatePatch = ajv.compile({ type: 'object', additionalProperties: false, properties: { ...properties, id: false, secret: false } });

export interface InputChecks {
  urlProblem(url: string): string | null;
  transportKnown(id: string): boolean;
}

function semanticProblems(input: Partial<SubscriptionInput>, checks: InputChecks): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (typeof input.url === 'string') {
    const problem = checks.urlProblem(input.url);
    if (problem) problems.push({ path: '/url', message: problem });
  }
  if (typeof input.secret === 'string' && !isWebhookSecret(input.secret)) {
    problems.push({ path: '/secret', message: 'must be whsec_ followed by the base64 of 24 to 64 random bytes' });
  }
  if (typeof input.transport === 'string' && !checks.transportKnown(input.transport)) {
    problems.push({ path: '/transport', message: `transport "${input.transport}" is not registered` });
  }
  return problems;
}

/** Checks a new subscription; throws one InputError listing every problem. */
export function validateSubscriptionInput(input: unknown, checks: InputChecks): SubscriptionInput {
  if (!validateCreate(input)) throw new InputError('Invalid subscription', describeAjvErrors(validateCreate.errors));
  const problems = semanticProblems(input as SubscriptionInput, checks);
  if (problems.length) throw new InputError('Invalid subscription', problems);
  return input as SubscriptionInput;
}

export function validateSubscriptionPatch(patch: unknown, checks: InputChecks): SubscriptionPatch {
  if (!validatePatch(patch)) throw new InputError('Invalid subscription change', describeAjvErrors(validatePatch.errors));
  const problems = semanticProblems(patch as SubscriptionPatch, checks);
  if (problems.length) throw new InputError('Invalid subscription change', problems);
  return patch as SubscriptionPatch;
}
