import { html } from 'htm/preact';
import type { Capability } from '../core/apiTypes.js';
import type { Session } from '../core/session.js';
import type { ViewName } from './resolveRoute.js';

const LINKS: { view: ViewName; label: string; needs?: Capability }[] = [
  { view: 'overview', label: 'Overview', needs: 'opsRead' },
  { view: 'applications', label: 'Applications' },
  { view: 'deliveries', label: 'Deliveries' },
  { view: 'dead-letters', label: 'Dead letters' },
  { view: 'subscriptions', label: 'Subscriptions', needs: 'opsRead' },
  { view: 'review', label: 'Review queue', needs: 'opsRead' },
  { view: 'audit', label: 'Audit log', needs: 'opsRead' },
];

/** The view links, shown once signed in; links to views the user's roles do not open are hidden. */
export function Nav({ session, active }: { session: Session | null; active: ViewName | undefined }) {
  return html`<nav id="nav" hidden=${!session}>
    ${LINKS.map(
      (l) => html`<a
        href=${`#/${l.view}`}
        data-view=${l.view}
        data-needs=${l.needs}
        class=${l.view === active ? 'active' : ''}
        hidden=${!session || (l.needs !== undefined && !session.can(l.needs))}
        >${l.label}</a
      >`,
    )}
  </nav>`;
}
