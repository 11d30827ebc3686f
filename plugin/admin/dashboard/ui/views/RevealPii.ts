import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { api } from '../core/api.js';
import { useSession } from '../core/session.js';

/** For users allowed to: shows the unmasked SSN / DOB after asking why (the API writes the reason to the access log). */
export function RevealPii({ applicationId }: { applicationId: string }) {
  const session = useSession();
  const [pii, setPii] = useState<unknown>(undefined);
  if (!session.me.canRevealPii) return html`<div></div>`;
  async function reveal() {
    const reason = prompt('Why do you need the unmasked data? (written to the access log)');
    if (!reason) return;
    try {
      const r = await api<{ pii: unknown }>(`/applications/${encodeURIComponent(applicationId)}/reveal-pii`, { method: 'POST', body: { reason } });
      setPii(r.pii);
    } catch (err) {
      session.failed(err);
    }
  }
  return html`<button class="secondary" onClick=${reveal}>Reveal SSN / DOB (logged)</button>
    <div>${pii === undefined ? null : html`<pre>${JSON.stringify(pii, null, 2)}</pre>`}</div>`;
}
