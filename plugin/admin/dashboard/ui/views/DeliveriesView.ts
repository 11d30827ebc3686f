import { html } from 'htm/preact';
import { api } from '../core/api.js';
import type { Delivery, Page } from '../core/apiTypes.js';
import { formatTime } from '../core/formatTime.js';
import { useSession } from '../core/session.js';
import { toast } from '../core/toast.js';
import { toQuery } from '../core/toQuery.js';
import { useEvery } from '../core/useEvery.js';
import { usePagedList } from '../core/usePagedList.js';
import { ActionButton } from '../components/ActionButton.js';
import { Filters, type FilterField } from '../components/Filters.js';
import { Pager } from '../components/Pager.js';
import { Pill } from '../components/Pill.js';
import { Table, type Column } from '../components/Table.js';
import { BulkReplayForm } from './BulkReplayForm.js';

const REFRESH_MS = 5000;
/** The replayed delivery's new state shows after this long. */
const AFTER_REPLAY_MS = 800;

const COMMON_FIELDS: FilterField[] = [
  { name: 'targetId', label: 'Endpoint' },
  { name: 'eventType', label: 'Event type' },
  { name: 'applicationId', label: 'Application' },
];
const ALL_FIELDS: FilterField[] = [
  { name: 'status', label: 'Status', options: ['pending', 'delivering', 'paused', 'succeeded', 'failed', 'dead_lettered'] },
  { name: 'targetKind', label: 'Kind', options: ['subscription', 'crm'] },
  ...COMMON_FIELDS,
];

/** Deliveries (every status) or dead letters only; refreshed every 5 s while the tab is visible. */
export function DeliveriesView({ deadLettersOnly }: { deadLettersOnly: boolean }) {
  const session = useSession();
  const list = usePagedList((filters, cursor) =>
    api<Page<Delivery>>(`${deadLettersOnly ? '/dead-letters' : '/deliveries'}${toQuery({ ...filters, limit: 50, cursor })}`),
  );
  useEvery(REFRESH_MS, () => {
    if (!document.hidden) void list.load(list.cursor);
  });
  const replay = (d: Delivery) =>
    session.can('act')
      ? html`<${ActionButton}
          label="Replay"
          once=${true}
          run=${async () => {
            const r = await api<{ note?: string; replayed?: boolean }>(`/deliveries/${encodeURIComponent(d.id)}/replay`, { method: 'POST' });
            toast(r.note || (r.replayed ? 'Replayed' : 'Not replayed'));
            setTimeout(() => void list.load(list.cursor), AFTER_REPLAY_MS);
          }}
        />`
      : null;
  const columns: Column<Delivery>[] = [
    ['Delivery', (d) => html`<code>${d.id}</code>`],
    ['Event', (d) => d.eventType],
    ['Target', (d) => `${d.targetKind}:${d.targetId}`],
    ['Application', (d) => (d.applicationId ? html`<a href=${`#/applications/${encodeURIComponent(d.applicationId)}`}>${d.applicationId}</a>` : '-')],
    ['Status', (d) => html`<${Pill} text=${d.status} />`],
    ['Attempts', (d) => String(d.attempts) + (d.replays ? ` (${d.replays} replays)` : '')],
    ['Last error', (d) => (d.lastErrorCode ? `${d.lastErrorCode} ${d.lastError || ''}` : '-')],
    ['Updated', (d) => formatTime(d.updatedAt)],
    ['', replay],
  ];
  const page = list.page;
  return html`
    <h2>${deadLettersOnly ? 'Dead letters' : 'Deliveries'}</h2>
    <${Filters} fields=${deadLettersOnly ? COMMON_FIELDS : ALL_FIELDS} onSearch=${list.search} />
    ${deadLettersOnly && session.can('act') ? html`<${BulkReplayForm} />` : html`<div></div>`}
    <div>
      ${page
        ? html`<${Table} columns=${columns} rows=${page.items} />
            <${Pager} next=${page.nextCursor ? () => void list.load(page.nextCursor!) : undefined} />`
        : null}
    </div>
  `;
}
