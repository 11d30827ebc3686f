import { html } from 'htm/preact';
import { api } from '../core/api.js';
import type { AuditEntry, Page } from '../core/apiTypes.js';
import { formatTime } from '../core/formatTime.js';
import { toQuery } from '../core/toQuery.js';
import { usePagedList } from '../core/usePagedList.js';
import { Filters, type FilterField } from '../components/Filters.js';
import { Pager } from '../components/Pager.js';
import { Table, type Column } from '../components/Table.js';

const FIELDS: FilterField[] = [
  { name: 'actor', label: 'Who' },
  { name: 'action', label: 'Action', placeholder: 'delivery.replay, pii.reveal' },
  { name: 'targetId', label: 'Target' },
];

const COLUMNS: Column<AuditEntry>[] = [
  ['When', (a) => formatTime(a.at)],
  ['Who', (a) => a.actor],
  ['Action', (a) => html`<code>${a.action}</code>`],
  ['Target', (a) => `${a.targetType || ''} ${a.targetId || ''}`],
  ['Details', (a) => (a.details ? html`<code>${JSON.stringify(a.details)}</code>` : '-')],
];

/** Who did what: every audited action, newest first, filtered by actor, action or target. */
export function AuditView() {
  const list = usePagedList((filters, cursor) => api<Page<AuditEntry>>(`/audit${toQuery({ ...filters, limit: 50, cursor })}`));
  const page = list.page;
  return html`
    <h2>Audit log</h2>
    <${Filters} fields=${FIELDS} onSearch=${list.search} />
    <div>
      ${page
        ? html`<${Table} columns=${COLUMNS} rows=${page.items} />
            <${Pager} next=${page.nextCursor ? () => void list.load(page.nextCursor!) : undefined} />`
        : null}
    </div>
  `;
}
