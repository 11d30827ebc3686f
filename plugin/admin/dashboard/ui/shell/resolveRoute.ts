import type { Capability } from '../core/apiTypes.js';

/** The dashboard's views, by the name in `#/name`. */
export type ViewName = 'overview' | 'applications' | 'deliveries' | 'dead-letters' | 'subscriptions' | 'review' | 'audit';

/** A view to draw and the id after its name (`#/applications/app_1`). */
export interface Route {
  name: ViewName;
  id?: string;
}

const VIEW_NAMES: readonly string[] = ['overview', 'applications', 'deliveries', 'dead-letters', 'subscriptions', 'review', 'audit'];
/** Views every reader may open (their rows are scoped to the reader's dealers); the rest need `opsRead`. */
const OPEN_TO_READERS: readonly string[] = ['applications', 'deliveries', 'dead-letters'];

/** Which view a location hash shows this user: an unknown or forbidden one falls back to the overview, or to applications for users without `opsRead`. */
export function resolveRoute(hash: string, can: (capability: Capability) => boolean): Route {
  const parts = hash.replace(/^#\/?/, '').split('/');
  let name = parts[0] || 'overview';
  if (!VIEW_NAMES.includes(name) || (!OPEN_TO_READERS.includes(name) && !can('opsRead'))) name = can('opsRead') ? 'overview' : 'applications';
  return { name: name as ViewName, id: parts[1] ? decodeURIComponent(parts[1]) : undefined };
}
