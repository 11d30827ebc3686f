const KEY = 'lendwire.token';

/** The user's bearer token, kept for this tab only. */
export function readToken(): string | null {
  return sessionStorage.getItem(KEY);
}

/** Keeps (or, with null or empty, forgets) the user's bearer token for this tab. */
export function storeToken(token: string | null): void {
  if (token) sessionStorage.setItem(KEY, token);
  else sessionStorage.removeItem(KEY);
}
