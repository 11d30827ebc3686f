import { html } from 'htm/preact';
import { api } from '../core/api.js';
import { useSession } from '../core/session.js';
import { toast } from '../core/toast.js';

/** "Replay everything that failed for an endpoint since ...": a dry run first, then the user confirms the count. */
export function BulkReplayForm() {
  const session = useSession();
  async function submit(e: SubmitEvent) {
    e.preventDefault();
    const data = new FormData(e.currentTarget as HTMLFormElement);
    const targetId = String(data.get('bulk-target') ?? '');
    const since = String(data.get('bulk-since') ?? '');
    if (!targetId || !since) {
      toast('Endpoint and time are required');
      return;
    }
    const body = { targetId, since: new Date(since).toISOString() };
    try {
      const dry = await api<{ matching: number; willReplay: number }>('/deliveries/replay', { method: 'POST', body });
      if (!dry.matching) {
        toast('Nothing to replay');
        return;
      }
      if (!confirm(`Replay ${dry.willReplay} of ${dry.matching} failed deliveries to ${body.targetId}?`)) return;
      const done = await api<{ replayed: number; more?: boolean }>('/deliveries/replay', { method: 'POST', body: { ...body, confirm: true } });
      toast(`Replayed ${done.replayed}${done.more ? ' (more left: run again)' : ''}`);
    } catch (err) {
      session.failed(err);
    }
  }
  return html`<form class="filters card" onSubmit=${submit}>
    <strong>Replay everything that failed for an endpoint since</strong>
    <label>Endpoint<input name="bulk-target" placeholder="endpoint id" /></label>
    <label>Since<input name="bulk-since" type="datetime-local" /></label>
    <button type="submit">Replay...</button>
  </form>`;
}
