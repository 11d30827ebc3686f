import { html } from 'htm/preact';

/** One filter: a select when it has options, else an input. */
export interface FilterField {
  name: string;
  label: string;
  placeholder?: string;
  type?: string;
  options?: readonly string[];
}

/** A filter form; `onSearch` gets the non-empty, trimmed values. */
export function Filters({ fields, onSearch }: { fields: FilterField[]; onSearch: (values: Record<string, string>) => void }) {
  function submit(e: SubmitEvent) {
    e.preventDefault();
    const data = new FormData(e.currentTarget as HTMLFormElement);
    const values: Record<string, string> = {};
    for (const f of fields) {
      const v = String(data.get(f.name) ?? '').trim();
      if (v) values[f.name] = v;
    }
    onSearch(values);
  }
  return html`<form class="filters" onSubmit=${submit}>
    ${fields.map(
      (f) => html`<label key=${f.name}>
        ${f.label}
        ${f.options
          ? html`<select name=${f.name}>
              <option value="">any</option>
              ${f.options.map((o) => html`<option value=${o}>${o}</option>`)}
            </select>`
          : html`<input name=${f.name} placeholder=${f.placeholder ?? ''} type=${f.type ?? 'text'} />`}
      </label>`,
    )}
    <button type="submit">Search</button>
  </form>`;
}
