import { ApiError } from './ApiError.js';
import { readToken } from './token.js';

/** How to call the admin API: GET without a body unless told otherwise. */
export interface ApiOptions {
  method?: 'GET' | 'POST';
  body?: unknown;
}

/** Calls the admin API (relative to /admin/) with the user's token; throws an ApiError carrying the problem+json detail. */
export async function api<T>(path: string, options: ApiOptions = {}): Promise<T> {
  const headers: Record<string, string> = { authorization: `Bearer ${readToken()}` };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`api${path}`, { method: options.method ?? 'GET', headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) {
    const problem = data as { detail?: string; title?: string } | null;
    throw new ApiError(problem?.detail || problem?.title || `HTTP ${res.status}`, res.status, data);
  }
  return data as T;
}
