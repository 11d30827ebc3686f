import { html } from 'htm/preact';
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { api } from '../core/api.js';
import type { Subscription } from '../core/apiTypes.js';
import { useSession } from '../core/session.js';
import { toast } from '../core/toast.js';
import { useOnce } from '../core/useOnce.js';
import { ActionButton } from '../components/ActionButton.js';
import { Pill } from '../components/Pill.js';
import { Table, type Column } from '../components/Table.js';
import { CrmTargets } from './CrmTargets.js';
import { NewSubscriptionForm } from './NewSubscriptionForm.js';

/** Webhook subscriptions (admins create, test, rotate, disable and enable them) and, below, the CRM targets. */
export function SubscriptionsView() {
  const session = useSession();
  const [subscriptions, setSubscriptions] = useState<Subscription[] | undefined>(undefined);
  const [secretNote, setSecretNote] = useState<ComponentChildren>(null);
  async function load() {
    try {
      setSubscriptions((await api<{ items: Subscription[] }>('/subscriptions')).items);
    } catch (err) {
      session.failed(err);
    }
  }
  useOnce(() => void load());
  const showSecret = (text: string, secret: string) => setSecretNote(html`<div class="card">${text}<code>${secret}</code></div>`);

  function actions(s: Subscription) {
    if (!session.can('manage')) return null;
    const id = encodeURIComponent(s.id);
    return [
      html`<${ActionButton}
        label="Send test"
        run=${async () => {
          const r = await api<{ eventId: string }>(`/subscriptions/${id}/test`, { method: 'POST' });
          toast(`Test event ${r.eventId} queued`);
        }}
      />`,
      ' ',
      html`<${ActionButton}
        label="Rotate secret"
        run=${async () => {
          if (!confirm(`Rotate the secret of ${s.id}? The old one keeps signing for 24 h.`)) return false;
          const r = await api<{ secret: string }>(`/subscriptions/${id}/rotate-secret`, { method: 'POST' });
          showSecret(`New secret for ${s.id} (shown once): `, r.secret);
        }}
      />`,
      ' ',
      s.enabled
        ? html`<${ActionButton}
            label="Disable"
            className="danger"
            run=${async () => {
              const reason = prompt('Why?');
              if (reason === null) return false;
              await api(`/subscriptions/${id}/disable`, { method: 'POST', body: { reason } });
              void load();
            }}
          />`
        : html`<${ActionButton}
            label="Enable"
            run=${async () => {
              await api(`/subscriptions/${id}/enable`, { method: 'POST' });
              void load();
            }}
          />`,
    ];
  }
  const columns: Column<Subscription>[] = [
    ['Id', (s) => html`<code>${s.id}</code>`],
    ['URL', (s) => s.url],
    ['Events', (s) => s.events.join(', ')],
    ['Source', (s) => s.source],
    ['State', (s) => (s.enabled ? html`<${Pill} text="enabled" />` : [html`<${Pill} text="disabled" />`, ' ', s.disabledReason || ''])],
    ['', actions],
  ];
  return html`
    <h2>Subscriptions</h2>
    ${session.can('manage')
      ? html`<${NewSubscriptionForm}
          onCreated=${(s: Subscription, secret: string) => {
            showSecret(`Created ${s.id}. Its secret (shown once): `, secret);
            void load();
          }}
        />`
      : null}
    <div>${secretNote}</div>
    <div>${subscriptions ? html`<${Table} columns=${columns} rows=${subscriptions} />` : null}</div>
    <${CrmTargets} />
  `;
}
