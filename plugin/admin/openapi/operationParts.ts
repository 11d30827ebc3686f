import { EXAMPLES } from './requestExamples.js';

/** A piece of the OpenAPI document. */
export type Json = Record<string, unknown>;

/** One operation of the document (an OpenAPI Operation Object, typed as far as the paths use it). */
export interface Op {
  operationId: string;
  tags: string[];
  summary: string;
  description?: string;
  security?: Json[];
  parameters?: Json[];
  requestBody?: Json;
  responses: Record<string, Json>;
  'x-roles'?: string[];
}

const schemaRef = (name: string) => ({ $ref: `#/components/schemas/${name}` });
/** The named example of requestExamples.ts, where there is one. */
const exampleOf = (name: string) => (name in EXAMPLES ? { example: EXAMPLES[name] } : {});

/** A problem+json answer (RFC 9457), with a named example where given. */
export const problem = (description: string, example?: string) => ({
  description,
  content: { 'application/problem+json': { schema: schemaRef('Problem'), ...(example ? exampleOf(example) : {}) } },
});
/** A JSON answer of component `ref` (its example, if requestExamples.ts has one under that name). */
export const json = (ref: string, description = 'OK') => ({ description, content: { 'application/json': { schema: schemaRef(ref), ...exampleOf(ref) } } });
/** A required JSON request body that is one of the components `refs`, with the first one's example. */
export const bodyOneOf = (refs: string[]) => ({ required: true, content: { 'application/json': { schema: { oneOf: refs.map(schemaRef) }, ...exampleOf(refs[0]) } } });
/** A required JSON request body of component `ref`, with its example where there is one. */
export const body = (ref: string) => ({ required: true, content: { 'application/json': { schema: schemaRef(ref), ...exampleOf(ref) } } });
/** A required path parameter. */
export const pathParam = (name: string, description: string) => ({ name, in: 'path', required: true, description, schema: { type: 'string' } });
/** An optional query parameter. */
export const query = (name: string, description: string, schema: Json = { type: 'string' }) => ({ name, in: 'query', required: false, description, schema });

/** What any authenticated route may answer before it looks at anything. */
export const AUTH_ERRORS = {
  '401': problem('No or invalid credentials'),
  '403': problem('The role may not do this, or the host auth hook answered a malformed principal'),
  '503': problem('The host auth hook failed (try again later)'),
};
/** Keyset paging parameters. */
export const PAGING = [query('limit', 'Page size (1-200, default 50)', { type: 'integer', minimum: 1, maximum: 200 }), query('cursor', '`nextCursor` of the previous page')];

/** An admin API operation: role list, auth errors and the 422 of bad parameters added. */
export function admin(operationId: string, summary: string, roles: string[], responses: Record<string, Json>, extra: Partial<Op> = {}): Op {
  return { operationId, tags: ['admin'], summary, 'x-roles': roles, ...extra, responses: { ...responses, ...AUTH_ERRORS, '422': problem('Invalid parameters (every failing one listed)') } };
}
