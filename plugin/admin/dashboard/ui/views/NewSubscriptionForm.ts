import { html } from 'htm/preact';
import { api } from '../core/api.js';
import type { Subscription } from '../core/apiTypes.js';
import { useSession } from '../core/session.js';

/** Creates a webhook subscription; `onCreated` gets it with its secret, which is shown once. */
export function NewSubscriptionForm({ onCreated }: { onCreated: (subscription: Subscription, secret: string) => void }) {
  const session = useSession();
  async function submit(e: SubmitEvent) {
    e.preventDefault();
    const data = new FormData(e.currentTarget as HTMLFormElement);
    const url = String(data.get('url') ?? '').trim();
    const events = String(data.get('events') ?? '')
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);
    try {
      const r = await api<{ subscription: Subscription; secret: string }>('/subscriptions', { method: 'POST', body: { url, events } });
      onCreated(r.subscription, r.secret);
    } catch (err) {
      session.failed(err);
    }
  }
  return html`<form class="filters card" onSubmit=${submit}>
    <strong>New subscription</strong>
    <label>URL<input name="url" placeholder="https://partner.example.com/hooks" /></label>
    <label>Events<input name="events" placeholder="application.*" value="application.*" /></label>
    <button type="submit">Create</button>
  </form>`;
}
