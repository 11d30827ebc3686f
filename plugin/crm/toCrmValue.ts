import type { CrmValue } from '../sdk/CrmAdapter.js';

/** Types a manifest field mapping may declare; without one the type follows the JSON value. */
export const CRM_FIELD_TYPES = ['string', 'number', 'integer', 'boolean', 'date', 'datetime'] as const;
export type CrmFieldType = (typeof CRM_FIELD_TYPES)[number];

export type Converted = { ok: true; value: CrmValue } | { ok: false; reason: string };

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const NUMERIC = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

const fail = (reason: string): Converted => ({ ok: false, reason });
const describe = (raw: unknown) => (typeof raw === 'string' ? JSON.stringify(raw.length > 40 ? `${raw.slice(0, 40)}...` : raw) : Array.isArray(raw) ? 'an array' : typeof raw);

function toInstant(raw: unknown): Date | null {
  if (typeof raw === 'number' && Number.isFinite(raw)) return new Date(raw);
  if (typeof raw === 'string') {
    const text = raw.trim();
    if (ISO_DATE.test(text)) return new Date(`${text}T00:00:00Z`);
    // Vendors send local times without an offset; read them as UTC rather than as the server's zone.
    if (ISO_DATETIME.test(text)) return new Date(/(Z|[+-]\d{2}:?\d{2})$/.test(text) ? text : `${text.replace(' ', 'T')}Z`);
  }
  return null;
}

function toNumber(raw: unknown): number | null {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : null;
  if (typeof raw === 'string' && NUMERIC.test(raw.trim())) return Number(raw.trim());
  return null;
}

function inferred(raw: unknown): Converted {
  if (typeof raw === 'string') return { ok: true, value: { type: 'string', value: raw } };
  if (typeof raw === 'number') return Number.isFinite(raw) ? { ok: true, value: { type: 'number', value: raw } } : fail('is not a finite number');
  if (typeof raw === 'boolean') return { ok: true, value: { type: 'boolean', value: raw } };
  return toCrmValue(raw, 'string');
}

/**
 * Checks and normalizes one event value for a CRM property of `type`.
 * `undefined` means "the event has no such value" and is handled by the caller
 * (the property is left alone); `null` clears the property.
 */
export function toCrmValue(raw: unknown, type?: CrmFieldType): Converted {
  if (raw === null) return { ok: true, value: { type: 'null', value: null } };
  if (raw === undefined) return fail('has no value');
  switch (type) {
    case undefined:
      return inferred(raw);
    case 'string': {
      if (typeof raw === 'string') return { ok: true, value: { type: 'string', value: raw } };
      if (typeof raw === 'number' || typeof raw === 'boolean') return { ok: true, value: { type: 'string', value: String(raw) } };
      // Multi-select style: HubSpot and Salesforce both take ';'-separated values.
      if (Array.isArray(raw) && raw.every((v) => ['string', 'number', 'boolean'].includes(typeof v))) return { ok: true, value: { type: 'string', value: raw.join(';') } };
      return fail(`is ${describe(raw)}, not a text value; map one of its properties instead`);
    }
    case 'number':
    case 'integer': {
      const n = toNumber(raw);
      if (n === null) return fail(`is ${describe(raw)}, not a number`);
      if (type === 'integer' && !Number.isInteger(n)) return fail(`is ${n}, not a whole number`);
      return { ok: true, value: { type: 'number', value: n } };
    }
    case 'boolean': {
      if (typeof raw === 'boolean') return { ok: true, value: { type: 'boolean', value: raw } };
      const text = String(raw).trim().toLowerCase();
      if (['true', 'yes', '1'].includes(text)) return { ok: true, value: { type: 'boolean', value: true } };
      if (['false', 'no', '0'].includes(text)) return { ok: true, value: { type: 'boolean', value: false } };
      return fail(`is ${describe(raw)}, not true or false`);
    }
    case 'date':
    case 'datetime': {
      const instant = toInstant(raw);
      if (!instant || Number.isNaN(instant.getTime())) return fail(`is ${describe(raw)}, not an ISO 8601 ${type === 'date' ? 'date' : 'date-time'} or epoch milliseconds`);
      const iso = instant.toISOString();
      return { ok: true, value: type === 'date' ? { type: 'date', value: iso.slice(0, 10) } : { type: 'datetime', value: iso } };
    }
  }
}
