import { html } from 'htm/preact';
import type { Route } from './resolveRoute.js';
import { ApplicationsView } from '../views/ApplicationsView.js';
import { AuditView } from '../views/AuditView.js';
import { DeliveriesView } from '../views/DeliveriesView.js';
import { OverviewView } from '../views/OverviewView.js';
import { ReviewQueueView } from '../views/ReviewQueueView.js';
import { SubscriptionsView } from '../views/SubscriptionsView.js';
import { TimelineView } from '../views/TimelineView.js';

/** The view of a route; the shell keys it by route, so leaving a view stops its refreshes. */
export function RouteView({ route }: { route: Route }) {
  switch (route.name) {
    case 'overview':
      return html`<${OverviewView} />`;
    case 'applications':
      return route.id ? html`<${TimelineView} id=${route.id} />` : html`<${ApplicationsView} />`;
    case 'deliveries':
      return html`<${DeliveriesView} deadLettersOnly=${false} />`;
    case 'dead-letters':
      return html`<${DeliveriesView} deadLettersOnly=${true} />`;
    case 'subscriptions':
      return html`<${SubscriptionsView} />`;
    case 'review':
      return html`<${ReviewQueueView} />`;
    case 'audit':
      return html`<${AuditView} />`;
  }
}
