import { html } from 'htm/preact';

/** A status word in a coloured pill (the colour comes from the word, see dashboard.css). */
export function Pill({ text }: { text: string | null | undefined }) {
  return html`<span class=${`pill ${text || ''}`}>${text || '-'}</span>`;
}
