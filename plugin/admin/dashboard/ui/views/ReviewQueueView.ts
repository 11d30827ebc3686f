import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { api } from '../core/api.js';
import type { Page, StoredCallback } from '../core/apiTypes.js';
import { formatTime } from '../core/formatTime.js';
import { useSession } from '../core/session.js';
import { toast } from '../core/toast.js';
import { useOnce } from '../core/useOnce.js';
import { ActionButton } from '../components/ActionButton.js';
import { Pill } from '../components/Pill.js';
import { Table, type Column } from '../components/Table.js';

/** Callbacks lendwire stored but could not (fully) parse; operators re-process them after a parser fix. */
export function ReviewQueueView() {
  const session = useSession();
  const [callbacks, setCallbacks] = useState<StoredCallback[] | undefined>(undefined);
  const [opened, setOpened] = useState<StoredCallback | undefined>(undefined);
  async function load() {
    try {
      setCallbacks((await api<Page<StoredCallback>>('/callbacks?parseStatus=unparseable,partial&limit=100')).items);
    } catch (err) {
      session.failed(err);
    }
  }
  useOnce(() => void load());
  const reprocess = (c: StoredCallback) => html`<${ActionButton}
    label="Re-process"
    run=${async () => {
      const r = await api<{ id: string; parseStatus?: string | null; processStatus: string }>(`/callbacks/${encodeURIComponent(c.id)}/reprocess`, { method: 'POST' });
      toast(`#${r.id}: ${r.parseStatus || '-'} / ${r.processStatus}`);
      void load();
    }}
  />`;
  const columns: Column<StoredCallback>[] = [
    ['Callback', (c) => html`<code>${`#${c.id}`}</code>`],
    ['Lender', (c) => c.lenderId],
    ['Received', (c) => formatTime(c.receivedAt)],
    ['Parse', (c) => [html`<${Pill} text=${c.parseStatus} />`, ' ', c.parseReason || '']],
    ['Processing', (c) => [html`<${Pill} text=${c.processStatus} />`, ' ', c.processDetail || '']],
    ['Application', (c) => (c.applicationId ? html`<a href=${`#/applications/${encodeURIComponent(c.applicationId)}`}>${c.applicationId}</a>` : '-')],
    ['Body', (c) => html`<code>${(c.bodyPreview || '').slice(0, 80)}</code>`],
    ['', (c) => (session.can('act') ? reprocess(c) : null)],
  ];
  return html`
    <h2>Callback review queue</h2>
    <p class="muted">Callbacks lendwire stored but could not (fully) parse. Re-process them after a parser fix.</p>
    <div>${callbacks ? html`<${Table} columns=${columns} rows=${callbacks} onRowClick=${setOpened} />` : null}</div>
    <div>
      ${opened
        ? html`<div class="card">
            <h3>${`Callback #${opened.id}`}</h3>
            <pre>${opened.bodyPreview}</pre>
          </div>`
        : null}
    </div>
  `;
}
