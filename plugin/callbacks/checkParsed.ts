import { isApplicationStatus } from '../sdk/statuses.js';
import { storableParsed } from './storableParsed.js';
import { CALLBACK_NOTICE_TYPES, type CallbackEvent, type ParsedCallback } from '../sdk/LenderCallbacks.js';

function validEvent(e: CallbackEvent): string | null {
  if (!e || typeof e !== 'object') return 'event is not an object';
  switch (e.kind) {
    case 'link':
      return typeof e.lenderAppId === 'string' && e.lenderAppId && typeof e.lenderAppNo === 'string' && e.lenderAppNo ? null : 'link event without lenderAppId/lenderAppNo';
    case 'update':
      if (!e.ref || typeof e.ref !== 'object') return 'update event without ref';
      if (e.status !== null && !isApplicationStatus(e.status)) return `update event with unknown status ${String(e.status)}`;
      if (e.vendorAt !== null && !(e.vendorAt instanceof Date && !Number.isNaN(e.vendorAt.getTime()))) return 'update event with an invalid vendorAt';
      return null;
    case 'notice':
      if (!(CALLBACK_NOTICE_TYPES as readonly string[]).includes(e.type)) return `notice of unsupported type ${String(e.type)}`;
      return e.ref && typeof e.ref === 'object' && e.data && typeof e.data === 'object' ? null : 'notice without ref or data';
    default:
      return `unknown event kind ${String((e as { kind?: unknown }).kind)}`;
  }
}

/**
 * Guards the core against adapter mistakes: events that do not follow the SDK
 * contract are dropped (and said so), never applied; text Postgres cannot
 * store is cleaned or refused (`storableParsed`).
 */
export function checkParsed(parsed: ParsedCallback): ParsedCallback {
  if (!parsed || typeof parsed !== 'object' || !['parsed', 'partial', 'unparseable'].includes(parsed.parseStatus)) {
    return { parseStatus: 'unparseable', reason: 'adapter returned an invalid parse result', events: [] };
  }
  const events: CallbackEvent[] = [];
  const problems: string[] = [];
  for (const e of Array.isArray(parsed.events) ? parsed.events : []) {
    const problem = validEvent(e);
    if (problem) problems.push(problem);
    else events.push(e);
  }
  if (!problems.length) return storableParsed({ ...parsed, events });
  const reason = [parsed.reason, `dropped: ${problems.join('; ')}`].filter(Boolean).join('; ');
  return storableParsed({ ...parsed, parseStatus: parsed.parseStatus === 'parsed' ? 'partial' : parsed.parseStatus, reason, events });
}
