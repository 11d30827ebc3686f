import { createAjv } from '../manifest/createAjv.js';
import { describeAjvErrors } from '../manifest/loadManifest.js';
import { InputError, type FieldProblem } from '../errors/index.js';
import { isWebhookSecret } from './subscriptionSecrets.js';
import { subscriptionInputSchema, subscriptionPatchSchema } from './subscriptionSchemas.js';
import type { SubscriptionInput } from './subscriptionInput.types.js';

export type { SubscriptionInput } from './subscriptionInput.types.js';

/** A change to a subscription: any field but id and secret. */
export type SubscriptionPatch = Partial<Omit<SubscriptionInput, 'id' | 'secret'>>;

const ajv = createAjv();
const validateCreate = ajv.compile(subscriptionInputSchema);
const validatePatch = ajv.compile(subscriptionPatchSchema);

/** What the JSON Schema cannot know: the URL policy and what is registered in this process. */
export interface InputChecks {
  urlProblem(url: string): string | null;
  /** Why no transport of that id can be used, or null. */
  transportProblem(id: string): string | null;
  /** Why no signature scheme of that name can be used (naming the registered ones), or null. */
  signatureProblem(name: string): string | null;
  /** The transport's own check of url and transportSettings (see `Transport.checkSubscription`), or null when it has none. */
  transportProblems(transport: string, url: string, settings: Record<string, unknown> | undefined): FieldProblem[] | null;
}

function semanticProblems(input: Partial<SubscriptionInput>, checks: InputChecks): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const check = (path: string, problem: string | null) => {
    if (problem) problems.push({ path, message: problem });
  };
  const own = typeof input.url === 'string' ? checks.transportProblems(input.transport ?? 'webhook', input.url, input.transportSettings) : null;
  if (own) problems.push(...own);
  else if (typeof input.url === 'string') check('/url', checks.urlProblem(input.url));
  if (typeof input.secret === 'string' && !isWebhookSecret(input.secret)) check('/secret', 'must be whsec_ followed by the base64 of 24 to 64 random bytes');
  if (typeof input.transport === 'string') check('/transport', checks.transportProblem(input.transport));
  if (typeof input.signature === 'string') check('/signature', checks.signatureProblem(input.signature));
  return problems;
}

/** Checks a new subscription; throws one InputError listing every problem. */
export function validateSubscriptionInput(input: unknown, checks: InputChecks): SubscriptionInput {
  if (!validateCreate(input)) throw new InputError('Invalid subscription', describeAjvErrors(validateCreate.errors));
  const problems = semanticProblems(input as SubscriptionInput, checks);
  if (problems.length) throw new InputError('Invalid subscription', problems);
  return input as SubscriptionInput;
}

/** Where a subscription sends today: what a change to any of the three is checked with. */
export type SubscriptionDestination = Pick<SubscriptionInput, 'url' | 'transport' | 'transportSettings'>;

/**
 * Checks a change to a subscription; throws one InputError listing every problem.
 * A change to the url, transport or transportSettings is checked as the whole
 * destination it leads to (`current` with the change over it): a new url of an
 * sftp subscription is an sftp:// URL, new settings are checked by its transport.
 */
export function validateSubscriptionPatch(patch: unknown, checks: InputChecks, current: SubscriptionDestination): SubscriptionPatch {
  if (!validatePatch(patch)) throw new InputError('Invalid subscription change', describeAjvErrors(validatePatch.errors));
  const change = patch as SubscriptionPatch;
  const moves = change.url !== undefined || change.transport !== undefined || change.transportSettings !== undefined;
  const destination = moves ? { url: change.url ?? current.url, transport: change.transport ?? current.transport, transportSettings: change.transportSettings ?? current.transportSettings } : {};
  const problems = semanticProblems({ ...change, ...destination }, checks);
  if (problems.length) throw new InputError('Invalid subscription change', problems);
  return patch as SubscriptionPatch;
}
