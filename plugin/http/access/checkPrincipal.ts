import type { ErrorObject } from 'ajv';
import { createAjv } from '../../manifest/createAjv.js';
import type { Principal } from '../auth.js';
import { KNOWN_ROLES } from './roles.js';

/**
 * Text that Postgres and JSON can carry: no NUL, no lone surrogate halves.
 * (ajv compiles patterns with the `u` flag, so a proper surrogate pair is one
 * code point outside this class and passes.)
 */
const CLEAN_TEXT = '^[^\\u0000\\uD800-\\uDFFF]*$';
const text = (minLength: number) => ({ type: 'string', minLength, maxLength: 200, pattern: CLEAN_TEXT });

const PRINCIPAL_SCHEMA = {
  type: 'object',
  // dealerIds may be absent: that principal sees no dealer (dealerScopeOf).
  required: ['userId', 'roles'],
  properties: {
    userId: text(1),
    roles: { type: 'array', maxItems: 20, items: { enum: [...KNOWN_ROLES] } },
    dealerIds: { type: 'array', maxItems: 10_000, items: text(1) },
    permissions: { type: 'array', maxItems: 100, items: text(1) },
  },
};

const validate = createAjv().compile(PRINCIPAL_SCHEMA);

export type PrincipalCheck = { ok: true; principal: Principal } | { ok: false; problems: string[] };

function describe(e: ErrorObject): string {
  const path = e.instancePath || '/';
  if (e.keyword === 'pattern') return `${path} must not contain NUL bytes or lone surrogates`;
  if (e.keyword === 'enum') return `${path} must be one of the known roles (${KNOWN_ROLES.join(', ')})`;
  if (e.keyword === 'required') return `${path === '/' ? '' : path}/${String((e.params as { missingProperty: string }).missingProperty)} is missing`;
  return `${path} ${e.message ?? 'is invalid'}`;
}

/**
 * Validates what the host's auth hook answered. The answer decides what a
 * caller may see, so anything unexpected (a missing dealerIds, an unknown role,
 * a dealer id with a NUL byte) refuses the request rather than guessing.
 * Problems name paths, never values (the values may be tokens or PII).
 */
export function checkPrincipal(value: unknown): PrincipalCheck {
  if (validate(value)) {
    const p = value as unknown as Principal;
    // A copy: the host's object cannot change the answer after it was checked.
    return {
      ok: true,
      principal: { userId: p.userId, roles: [...p.roles], dealerIds: [...(p.dealerIds ?? [])], ...(p.permissions ? { permissions: [...p.permissions] } : {}) },
    };
  }
  return { ok: false, problems: (validate.errors ?? []).slice(0, 10).map(describe) };
}
