import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { api } from '../core/api.js';
import type { CrmTarget } from '../core/apiTypes.js';
import { formatTime } from '../core/formatTime.js';
import { useSession } from '../core/session.js';
import { toast } from '../core/toast.js';
import { useOnce } from '../core/useOnce.js';
import { ActionButton } from '../components/ActionButton.js';
import { Pill } from '../components/Pill.js';
import { Table, type Column } from '../components/Table.js';

function state(t: CrmTarget) {
  if (t.paused) return [html`<${Pill} text="paused" />`, ' ', t.paused.reason, html`<div class="muted">${`since ${formatTime(t.paused.since)}`}</div>`];
  return t.enabledInManifest ? html`<${Pill} text="running" />` : [html`<${Pill} text="disabled" />`, ' in the manifest'];
}

/** CRM targets of the manifest: a paused one says why and how many deliveries wait; operators resume it. */
export function CrmTargets() {
  const session = useSession();
  const [targets, setTargets] = useState<CrmTarget[] | undefined>(undefined);
  async function load() {
    try {
      setTargets((await api<{ items: CrmTarget[] }>('/crm-targets')).items);
    } catch (err) {
      session.failed(err);
    }
  }
  useOnce(() => void load());
  const resume = (t: CrmTarget) => html`<${ActionButton}
    label="Resume"
    run=${async () => {
      if (!confirm(`Resume ${t.id}? Its ${t.pausedDeliveries} paused deliveries go out with the credentials it has now.`)) return false;
      const r = await api<{ id: string }>(`/crm-targets/${encodeURIComponent(t.id)}/resume`, { method: 'POST' });
      toast(`${r.id} resumed: ${t.pausedDeliveries} paused deliveries queued`);
      void load();
    }}
  />`;
  const columns: Column<CrmTarget>[] = [
    ['Id', (t) => html`<code>${t.id}</code>`],
    ['Adapter', (t) => t.adapter],
    ['Events', (t) => t.events.join(', ')],
    ['State', state],
    ['Waiting', (t) => String(t.pausedDeliveries)],
    ['', (t) => (!session.can('act') || (!t.paused && !t.pausedDeliveries) ? null : resume(t))],
  ];
  return html`<section id="crm-targets">
    <h2>CRM targets</h2>
    <div>${targets ? html`<${Table} columns=${columns} rows=${targets} />` : null}</div>
  </section>`;
}
