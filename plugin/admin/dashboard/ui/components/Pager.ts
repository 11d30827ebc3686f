import { html } from 'htm/preact';

/** Paging buttons under a list: back to the first page (when not on it) and on to the next (when there is one). */
export function Pager({ first, next }: { first?: () => void; next?: () => void }) {
  return html`<div class="pager">
    ${first ? html`<button class="secondary" onClick=${first}>First page</button>` : null}
    ${next ? html`<button class="secondary" onClick=${next}>Next page</button>` : null}
  </div>`;
}
