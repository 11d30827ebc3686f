import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { api } from '../core/api.js';
import type { Application, TimelineEntry } from '../core/apiTypes.js';
import { formatTime } from '../core/formatTime.js';
import { useSession } from '../core/session.js';
import { useOnce } from '../core/useOnce.js';
import { Pill } from '../components/Pill.js';
import { describeEntry } from './describeEntry.js';
import { ReviewPanel } from './ReviewPanel.js';
import { RevealPii } from './RevealPii.js';

function facts(a: Application): [string, string][] {
  return [
    ['Dealer', a.dealerId],
    ['Lender', a.lenderId],
    ['Lead (externalRef)', a.externalRef || '-'],
    ['Lender AppId / Appno', `${a.lenderAppId || '-'} / ${a.lenderAppNo || '-'}`],
    ['Lender status', a.lenderStatus || '-'],
    ['Applicant SSN', a.application?.applicant?.ssn || '-'],
    ['Decision', a.decision ? JSON.stringify(a.decision) : '-'],
    ['Adverse action due', a.adverseActionDueAt ? formatTime(a.adverseActionDueAt) : '-'],
  ];
}

/** One application: its facts (personal data masked), the operator's review panel when it needs one, and everything that happened to it. */
export function TimelineView({ id }: { id: string }) {
  const session = useSession();
  const [shown, setShown] = useState<{ a: Application; entries: TimelineEntry[] } | undefined>(undefined);
  async function load() {
    try {
      const path = `/applications/${encodeURIComponent(id)}`;
      const [a, t] = await Promise.all([api<Application>(path), api<{ entries: TimelineEntry[] }>(`${path}/timeline`)]);
      setShown({ a, entries: t.entries });
    } catch (err) {
      session.failed(err);
    }
  }
  useOnce(() => void load());
  if (!shown) return null;
  const { a, entries } = shown;
  return html`
    <p><a href="#/applications">${'< Applications'}</a></p>
    <h2>Application <code>${a.id}</code> <${Pill} text=${a.status} /></h2>
    <div class="card kv">${facts(a).map(([k, v]) => html`<div class="muted">${k}</div><div>${v}</div>`)}</div>
    <${RevealPii} applicationId=${a.id} />
    <${ReviewPanel} application=${a} onResolved=${() => void load()} />
    <h3>Timeline</h3>
    <ul class="timeline" id="timeline">
      ${entries.map((e) => html`<li class=${e.kind} data-kind=${e.kind}><span class="muted mono">${`${formatTime(e.at)}  `}</span>${describeEntry(e)}</li>`)}
    </ul>
  `;
}
