import { createAjv } from '../manifest/createAjv.js';
import { InputError, type FieldProblem } from '../errors/index.js';
import journeySchema from './customerJourney.schema.json' with { type: 'json' };

export { journeySchema as customerJourneySchema };
import { dropNulls } from './dropNulls.js';
import { toFieldProblem, uniqueProblems } from './validateSubmitRequest.js';
import type { OpenJourneyInput } from '../sdk/CustomerJourney.js';

/** The body of a request that opens a broker journey: what the validator compiles and the OpenAPI document embeds. */
export const openJourneySchema = {
  $id: 'https://lendwire.dev/schemas/open-journey-request.json',
  type: 'object',
  additionalProperties: false,
  required: ['lenderId', 'dealerId', 'journey'],
  properties: {
    lenderId: { type: 'string', minLength: 1, maxLength: 63 },
    dealerId: { type: 'string', minLength: 1, maxLength: 100 },
    externalRef: { type: 'string', minLength: 1, maxLength: 100 },
    journey: { $ref: journeySchema.$id },
  },
};

// Compiled once per process.
const ajv = createAjv();
ajv.addSchema(journeySchema);
const validate = ajv.compile(openJourneySchema);

/** Whether a request body asks for a customer journey (`journey`) rather than a credit application. */
export function isJourneyRequest(body: unknown): boolean {
  return typeof body === 'object' && body !== null && !Array.isArray(body) && 'journey' in body && !('application' in body);
}

/**
 * Validates a request to open a broker journey and returns it normalised, or
 * throws an InputError listing every problem by path (`/journey/project/deposit`).
 */
export function validateJourneyRequest(body: unknown): OpenJourneyInput {
  const normalised = dropNulls(body) as Record<string, unknown>;
  const problems: FieldProblem[] = [];
  if (!validate(normalised)) problems.push(...(validate.errors ?? []).map(toFieldProblem));
  const project = (normalised.journey as { project?: { value?: unknown; deposit?: unknown } } | undefined)?.project;
  if (typeof project?.value === 'number' && typeof project.deposit === 'number' && project.deposit >= project.value) {
    problems.push({ path: '/journey/project/deposit', message: 'must be less than the project value' });
  }
  if (problems.length) {
    const list = uniqueProblems(problems);
    throw new InputError(`The journey request has ${list.length} problem(s)`, list);
  }
  return normalised as unknown as OpenJourneyInput;
}
