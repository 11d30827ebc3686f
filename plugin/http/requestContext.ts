import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import type { AuthHook, Principal } from './auth.js';
import { NotAllowedError, NotAuthenticatedError } from '../errors/index.js';
import { lazyChild } from '../observability/lazyChild.js';
import { askAuthHook } from './access/askAuthHook.js';

interface RequestState {
  correlationId: string;
  logger: Logger;
  /** The auth hook's checked answer, asked once per request (a refusal is kept too). */
  principal?: Promise<Principal | null>;
}

const STATE = Symbol('lendwire.request');
type WithState = Request & { [STATE]?: RequestState };

const INCOMING_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Gives every request a correlation id (kept from `x-request-id` when sane) and a child logger carrying it. */
export function correlation(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const incoming = req.get('x-request-id');
    const correlationId = incoming && INCOMING_ID.test(incoming) ? incoming : randomUUID();
    (req as WithState)[STATE] = { correlationId, logger: lazyChild(logger, { correlationId }) };
    res.setHeader('x-request-id', correlationId);
    next();
  };
}

function state(req: Request): RequestState {
  const s = (req as WithState)[STATE];
  if (!s) throw new Error('lendwire request context missing: correlation() middleware not mounted');
  return s;
}

export function requestLogger(req: Request): Logger {
  return state(req).logger;
}

export function correlationId(req: Request): string {
  return state(req).correlationId;
}

/** The principal from the host's auth hook (asked once per request and validated), or null. */
export async function principalOf(req: Request, auth: AuthHook): Promise<Principal | null> {
  const s = state(req);
  s.principal ??= askAuthHook(req, auth, s.logger);
  return s.principal;
}

/** The principal, or a 401 when there is none. */
export async function requirePrincipal(req: Request, auth: AuthHook): Promise<Principal> {
  const principal = await principalOf(req, auth);
  if (!principal) throw new NotAuthenticatedError('Authentication required');
  return principal;
}

/** The principal if it has one of `roles`, a 401 / 403 otherwise. */
export async function requireRole(req: Request, auth: AuthHook, roles: string[]): Promise<Principal> {
  const principal = await requirePrincipal(req, auth);
  if (!principal.roles.some((r) => roles.includes(r))) throw new NotAllowedError(`Requires one of the roles: ${roles.join(', ')}`);
  return principal;
}
