import { isStorableText, storableText } from '../kernel/storableText.js';
import type { ApplicationRef, CallbackEvent, ParsedCallback } from '../sdk/LenderCallbacks.js';

/** Parser output is shallow (bodies deeper than 32 levels are unparseable); this only bounds a faulty adapter. */
const MAX_DEPTH = 64;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** A copy with NULs removed and lone surrogates replaced in every string and key; Dates and other objects kept. */
function cleaned<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return storableText(value) as T;
  if (depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) return value.map((v) => cleaned(v, depth + 1)) as T;
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [storableText(k), cleaned(v, depth + 1)])) as T;
  return value;
}

const refIsStorable = (ref: ApplicationRef | undefined) => !ref || Object.values(ref).every((v) => typeof v !== 'string' || isStorableText(v));

function referencesAreStorable(e: CallbackEvent): boolean {
  if (e.kind === 'link') return [e.lenderAppId, e.lenderAppNo].every((v) => typeof v !== 'string' || isStorableText(v));
  return refIsStorable(e.ref);
}

/**
 * Makes a parse result safe to store: free text (stipulations, reasons, terms,
 * notice data) is cleaned of what Postgres refuses, so a callback that can be
 * understood is applied instead of failing on every try. References are never
 * "cleaned" (a changed id could name another application): an event whose
 * reference cannot be stored is dropped and the callback becomes partial.
 */
export function storableParsed(parsed: ParsedCallback): ParsedCallback {
  const events: CallbackEvent[] = [];
  let dropped = 0;
  for (const e of parsed.events) {
    if (referencesAreStorable(e)) events.push(cleaned(e));
    else dropped++;
  }
  const subject = refIsStorable(parsed.subject) ? parsed.subject : undefined;
  const notes = [parsed.reason === null ? null : storableText(parsed.reason)];
  if (dropped) notes.push(`dropped ${dropped} event(s) whose application reference holds text that cannot be stored`);
  const reason = notes.filter(Boolean).join('; ') || null;
  const parseStatus = dropped && parsed.parseStatus === 'parsed' ? 'partial' : parsed.parseStatus;
  return { ...parsed, parseStatus, reason, events, subject };
}
