import { html } from 'htm/preact';
import type { ComponentChildren } from 'preact';

/** An API row; its id (when it has one) goes into `data-id`. */
export interface Row {
  id?: string | number | null;
}

/** A column: its title and how a row shows in it (null or undefined shows as `-`). */
export type Column<T> = readonly [title: string, cell: (row: T) => ComponentChildren];

/** Props of a Table. */
export interface TableProps<T extends Row> {
  columns: Column<T>[];
  rows: T[];
  /** Makes rows clickable (a click on a button inside a row is the button's alone). */
  onRowClick?: (row: T) => void;
}

/** A table of API rows; each row carries its id in `data-id`. */
export function Table<T extends Row>({ columns, rows, onRowClick }: TableProps<T>) {
  const body = rows.length
    ? rows.map(
        (row, i) => html`<tr
          key=${row.id ?? i}
          class=${onRowClick ? 'clickable' : ''}
          data-id=${row.id}
          onClick=${onRowClick ? (e: MouseEvent) => (e.target as HTMLElement).tagName !== 'BUTTON' && onRowClick(row) : undefined}
        >
          ${columns.map(([, cell]) => {
            const v = cell(row);
            return html`<td>${v === undefined || v === null ? '-' : v}</td>`;
          })}
        </tr>`,
      )
    : html`<tr><td colspan=${columns.length} class="muted">Nothing here.</td></tr>`;
  return html`<table>
    <thead><tr>${columns.map(([title]) => html`<th>${title}</th>`)}</tr></thead>
    <tbody>${body}</tbody>
  </table>`;
}
