import type { DeclineDetails, Stipulation } from '../../../../plugin/index.js';
import { isRecord, lowerFirst, readDate, readNumber, readText, type Notes } from './coerce.js';

/** Fields of the loan-structure blocks that are amounts or counts (everything else is kept as text). */
const NUMERIC = new Set(['AmountFinanced', 'Term', 'Apr', 'Payment', 'MaxAdvance', 'FundedAmount', 'DownPayment', 'Rate', 'BuyRate', 'SellRate']);

/** A loan structure block with camelCase keys, numbers coerced; nested objects are not expected and are dropped. */
export function readStructure(value: unknown, path: string, notes: Notes): Record<string, unknown> | undefined {
  if (value === null || value === undefined) return undefined;
  if (!isRecord(value)) {
    notes.push(`${path}: not an object, ignored`);
    return undefined;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const field = `${path}.${k}`;
    if (NUMERIC.has(k)) out[lowerFirst(k)] = readNumber(v, field, notes);
    else if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[lowerFirst(k)] = typeof v === 'string' ? readText(v, field, notes) : v;
    else notes.push(`${field}: unexpected nested value ignored`);
  }
  return out;
}

/** A stipulation list; null means "not in this callback", [] means "none". */
export function readStipulations(value: unknown, path: string, notes: Notes): Stipulation[] | undefined {
  if (value === null || value === undefined) return undefined;
  if (!Array.isArray(value)) {
    notes.push(`${path}: not a list, ignored`);
    return undefined;
  }
  const out: Stipulation[] = [];
  value.slice(0, 200).forEach((s, i) => {
    if (!isRecord(s)) {
      notes.push(`${path}[${i}]: not an object, ignored`);
      return;
    }
    const stip: Stipulation = {
      code: readText(s.Code, `${path}[${i}].Code`, notes, 64),
      description: readText(s.Description, `${path}[${i}].Description`, notes),
      status: readText(s.Status, `${path}[${i}].Status`, notes, 64),
    };
    const clearedAt = readDate(s.ClearedAt, `${path}[${i}].ClearedAt`, notes);
    if (clearedAt) stip.clearedAt = clearedAt.toISOString();
    out.push(stip);
  });
  return out;
}

/** Decline reasons and the credit bureau, for the adverse-action notice. */
export function readDecline(reasons: unknown, bureau: unknown, notes: Notes): DeclineDetails | undefined {
  if ((reasons === null || reasons === undefined) && (bureau === null || bureau === undefined)) return undefined;
  const out: DeclineDetails = { reasons: [] };
  if (Array.isArray(reasons)) {
    reasons.slice(0, 50).forEach((r, i) => {
      if (isRecord(r)) out.reasons.push({ code: readText(r.Code, `DeclineReasons[${i}].Code`, notes, 64), description: readText(r.Description, `DeclineReasons[${i}].Description`, notes) });
      else if (typeof r === 'string') out.reasons.push({ code: null, description: r.slice(0, 500) });
      else notes.push(`DeclineReasons[${i}]: not an object, ignored`);
    });
  } else if (reasons !== null && reasons !== undefined) notes.push('DeclineReasons: not a list, ignored');
  if (isRecord(bureau)) {
    out.creditBureau = {
      name: readText(bureau.Name, 'CreditBureau.Name', notes),
      address: readText(bureau.Address, 'CreditBureau.Address', notes),
      phone: readText(bureau.Phone, 'CreditBureau.Phone', notes, 64),
    };
  } else if (typeof bureau === 'string') out.creditBureau = { name: bureau.slice(0, 200) };
  else if (bureau !== null && bureau !== undefined) notes.push('CreditBureau: not an object, ignored');
  return out;
}
