import { html } from 'htm/preact';
import { api } from '../core/api.js';
import type { Application, Page } from '../core/apiTypes.js';
import { formatTime } from '../core/formatTime.js';
import { toQuery } from '../core/toQuery.js';
import { usePagedList } from '../core/usePagedList.js';
import { Filters, type FilterField } from '../components/Filters.js';
import { Pager } from '../components/Pager.js';
import { Pill } from '../components/Pill.js';
import { Table, type Column } from '../components/Table.js';
import { APPLICATION_STATUSES } from './applicationStatuses.js';

const FIELDS: FilterField[] = [
  { name: 'q', label: 'Id, lead id or Appno', placeholder: 'app_..., LEAD-1, 1048576' },
  { name: 'status', label: 'Status', options: APPLICATION_STATUSES },
  { name: 'dealerId', label: 'Dealer' },
  { name: 'from', label: 'Created from', type: 'date' },
  { name: 'to', label: 'Created before', type: 'date' },
];

const COLUMNS: Column<Application>[] = [
  ['Application', (a) => html`<code>${a.id}</code>`],
  ['Dealer', (a) => a.dealerId],
  ['Lender', (a) => a.lenderId],
  ['Lead', (a) => a.externalRef],
  ['Appno', (a) => a.lenderAppNo],
  ['Status', (a) => html`<${Pill} text=${a.status} />`],
  ['Updated', (a) => formatTime(a.updatedAt)],
];

function fetchApplications(filters: Record<string, string>, cursor: string | undefined): Promise<Page<Application>> {
  const p: Record<string, string | number | undefined> = { ...filters, limit: 25, cursor };
  // The date inputs give local days; the API takes instants.
  if (filters.from) p.from = new Date(filters.from).toISOString();
  if (filters.to) p.to = new Date(filters.to).toISOString();
  return api<Page<Application>>(`/applications${toQuery(p)}`);
}

/** Application search (id, lead id, Appno, dealer, status, dates); a row opens its timeline. */
export function ApplicationsView() {
  const list = usePagedList(fetchApplications);
  const page = list.page;
  return html`
    <h2>Applications</h2>
    <${Filters} fields=${FIELDS} onSearch=${list.search} />
    <div>
      ${page
        ? html`<${Table} columns=${COLUMNS} rows=${page.items} onRowClick=${(a: Application) => (location.hash = `#/applications/${encodeURIComponent(a.id)}`)} />
            <${Pager} first=${list.cursor ? () => void list.load() : undefined} next=${page.nextCursor ? () => void list.load(page.nextCursor!) : undefined} />`
        : null}
    </div>
  `;
}
