import type { ErrorObject } from 'ajv';
import { createAjv } from '../manifest/createAjv.js';
import { InputError, type FieldProblem } from '../errors/index.js';
import { creditApplicationSchema, submitRequestSchema } from './submitRequestSchema.js';
import { crossFieldProblems } from './crossFieldRules.js';
import { dropNulls } from './dropNulls.js';
import type { SubmitApplicationInput } from '../sdk/CreditApplication.js';

// Compiled once per process: compiling is far slower than validating.
const ajv = createAjv();
ajv.addSchema(creditApplicationSchema);
const validate = ajv.compile(submitRequestSchema);

const FRIENDLY: Record<string, string> = {
  '/application/consent/creditPull': 'must be true: the applicant has to consent to a credit pull',
  '/application/applicant/ssn': 'must be a valid SSN (123-45-6789)',
  '/application/coApplicant/ssn': 'must be a valid SSN (123-45-6789)',
};

/** One problem per failing field, with the JSON path of the field itself (a missing property names the property). */
export function toFieldProblem(error: ErrorObject): FieldProblem {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required') return { path: `${error.instancePath}/${String(params.missingProperty)}`, message: 'is required' };
  if (error.keyword === 'additionalProperties') return { path: `${error.instancePath}/${String(params.additionalProperty)}`, message: 'is not a known field' };
  if (error.keyword === 'enum') {
    return { path: error.instancePath, message: `must be one of: ${(params.allowedValues as unknown[]).map(String).join(', ')}` };
  }
  const field = error.instancePath.slice(error.instancePath.lastIndexOf('/') + 1);
  if (error.keyword === 'pattern' && /phone$/i.test(field)) return { path: error.instancePath, message: 'must be a phone number with at least 10 digits' };
  if (error.keyword === 'pattern' && /^(firstName|lastName)$/.test(field)) return { path: error.instancePath, message: 'must not be empty' };
  const friendly = FRIENDLY[error.instancePath];
  if (friendly && (error.keyword === 'const' || error.keyword === 'pattern')) return { path: error.instancePath, message: friendly };
  return { path: error.instancePath || '/', message: error.message ?? 'is invalid' };
}

/** The problems without repeats (same path and message). */
export function uniqueProblems(problems: FieldProblem[]): FieldProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Validates a submit request (envelope + canonical application + cross-field
 * rules) and returns it normalised, or throws an InputError listing every problem.
 */
export function validateSubmitRequest(body: unknown, today: Date): SubmitApplicationInput {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InputError('The request body must be a JSON object', [{ path: '/', message: 'must be an object with lenderId, dealerId and application' }]);
  }
  const normalised = dropNulls(body) as Record<string, unknown>;
  const problems: FieldProblem[] = [];
  if (!validate(normalised)) {
    // `if` keywords only say "must match then"; the `then` errors carry the detail.
    problems.push(...(validate.errors ?? []).filter((e) => e.keyword !== 'if').map(toFieldProblem));
  }
  problems.push(...crossFieldProblems(normalised.application, today).map((p) => ({ ...p, path: `/application${p.path}` })));
  if (problems.length) {
    const list = uniqueProblems(problems);
    throw new InputError(`The credit application has ${list.length} problem(s)`, list);
  }
  return normalised as unknown as SubmitApplicationInput;
}
