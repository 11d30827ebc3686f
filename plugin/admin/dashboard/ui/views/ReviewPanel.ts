import { html } from 'htm/preact';
import { api } from '../core/api.js';
import type { Application } from '../core/apiTypes.js';
import { useSession } from '../core/session.js';
import { toast } from '../core/toast.js';
import { ActionButton } from '../components/ActionButton.js';

type Decision = { resolution: 'submitted'; lenderAppId: string } | { resolution: 'resubmit' } | { resolution: 'failed'; reason: string };

function askLenderHasIt(): Decision | null {
  const appId = prompt("The lender's application id (AppId):");
  return appId && appId.trim() ? { resolution: 'submitted', lenderAppId: appId.trim() } : null;
}

function askResubmit(): Decision | null {
  return confirm('Send it to the lender again? Only if the lender does not have it: it may charge per submission.') ? { resolution: 'resubmit' } : null;
}

function askFailed(): Decision | null {
  const reason = prompt('Why did it fail? (the dealer sees this)');
  return reason && reason.trim() ? { resolution: 'failed', reason: reason.trim() } : null;
}

/** An operator settles an application whose submission outcome is unknown or that failed (each choice is audited). */
export function ReviewPanel({ application: a, onResolved }: { application: Application; onResolved: () => void }) {
  const session = useSession();
  if (!session.can('act') || (a.status !== 'needs_review' && a.status !== 'submission_failed')) return null;
  const decide = (label: string, action: string, ask: () => Decision | null) => html`<${ActionButton}
    label=${label}
    action=${`review-${action}`}
    className=${action === 'failed' ? 'danger' : 'secondary'}
    once=${true}
    run=${async () => {
      const decision = ask();
      if (!decision) return false;
      const r = await api<{ id: string; status: string }>(`/applications/${encodeURIComponent(a.id)}/review`, { method: 'POST', body: decision });
      toast(`${r.id} is now ${r.status}`);
      onResolved();
    }}
  />`;
  return html`<div class="card" id="review">
    <strong>${a.status === 'needs_review' ? 'The lender may or may not have this application. Check its portal, then: ' : 'The submission failed. '}</strong>
    ${decide('Lender has it', 'submitted', askLenderHasIt)} ${decide('Resubmit', 'resubmit', askResubmit)} ${decide('Mark failed', 'failed', askFailed)}
  </div>`;
}
