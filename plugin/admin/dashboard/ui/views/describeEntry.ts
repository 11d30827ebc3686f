import { html } from 'htm/preact';
import type { ComponentChildren } from 'preact';
import type { TimelineEntry } from '../core/apiTypes.js';
import { Pill } from '../components/Pill.js';

const pill = (text: string | null | undefined) => html`<${Pill} text=${text} />`;

/** One timeline line after its time: what happened, in the words of its kind. */
export function describeEntry(e: TimelineEntry): ComponentChildren {
  switch (e.kind) {
    case 'transition':
      return [pill(e.from || 'new'), ' -> ', pill(e.to), ' ', e.source + (e.lenderStatus ? ` (${e.lenderStatus})` : '') + (e.reason ? `: ${e.reason}` : '')];
    case 'submission':
      return [
        `submission attempt ${e.attempt}: `,
        pill(e.state),
        e.httpStatus ? ` HTTP ${e.httpStatus}` : '',
        e.errorCode ? ` ${e.errorCode} ${e.errorMessage || ''}` : '',
        e.vendorResponse ? html`<pre>${JSON.stringify(e.vendorResponse)}</pre>` : null,
      ];
    case 'callback':
      return [
        `callback #${e.callbackId} from ${e.lenderId} (${e.bodyBytes} bytes): `,
        pill(e.parseStatus || 'pending'),
        ' ',
        pill(e.processStatus || 'pending'),
        e.parseReason ? ` ${e.parseReason}` : '',
        e.processDetail ? ` - ${e.processDetail}` : '',
      ];
    default: {
      const attempts = (e.attempts || []).map((a) => `#${a.attempt} ${a.statusCode || a.errorCode || '?'} ${a.durationMs}ms`).join(', ');
      return [`${e.kind === 'crm_sync' ? 'CRM sync ' : 'webhook '}${e.eventType} -> ${e.targetId}: `, pill(e.status), attempts ? ` attempts: ${attempts}` : '', e.lastError ? ` (${e.lastError})` : ''];
    }
  }
}
