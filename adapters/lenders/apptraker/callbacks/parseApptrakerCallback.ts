import { decodeJsonBody, type CallbackEvent, type ParsedCallback, type StoredCallback } from '../../../../plugin/index.js';
import { isRecord, readDate, readId, readText, type Notes } from './coerce.js';
import { extractPartial } from './extractPartial.js';
import { readDecline, readStipulations, readStructure } from './readBlocks.js';
import { mapVendorStatus } from './statusMapping.js';

/** Keys of a stage-2 `Application` block this parser understands; others are noted and ignored. */
const KNOWN_KEYS = new Set([
  'Appno',
  'AppId',
  'LenderName',
  'UpdatedAt',
  'DecisionStatus',
  'FundingStatus',
  'DecisionLoanStructure',
  'BookedLoanStructure',
  'DecisionStipulations',
  'VerificationStipulations',
  'DeclineReasons',
  'CreditBureau',
]);

function withNotes(reason: string | null, notes: Notes): string | null {
  const all = [reason, ...notes].filter(Boolean);
  return all.length ? all.join('; ').slice(0, 2000) : null;
}

function unreadable(reason: string, text: string | undefined): ParsedCallback {
  const found = text ? extractPartial(text) : {};
  if (found.appNo || found.appId) {
    const subject = { ...(found.appNo ? { lenderAppNo: found.appNo } : {}), ...(found.appId ? { lenderAppId: found.appId } : {}) };
    return { parseStatus: 'partial', reason: `${reason}; extracted ${Object.keys(found).join(' and ')} only, nothing applied`, subject, events: [] };
  }
  return { parseStatus: 'unparseable', reason, events: [] };
}

/** Stage 1: `{ Status: "PROCESSED", AppId, Appno, ProcessedAt }`. */
function parseStage1(body: Record<string, unknown>, notes: Notes): ParsedCallback {
  const appId = readId(body.AppId, 'AppId', notes);
  const appNo = readId(body.Appno, 'Appno', notes);
  if (!appId || !appNo) {
    return { parseStatus: 'unparseable', reason: withNotes('stage-1 callback without a usable AppId and Appno', notes), events: [] };
  }
  const event: CallbackEvent = { kind: 'link', lenderAppId: appId, lenderAppNo: appNo, lenderStatus: readText(body.Status, 'Status', notes, 64), vendorAt: readDate(body.ProcessedAt, 'ProcessedAt', notes) };
  return { parseStatus: 'parsed', reason: withNotes(null, notes), subject: { lenderAppId: appId, lenderAppNo: appNo }, events: [event] };
}

/** Stage 2+: `{ Application: { Appno, DecisionStatus, FundingStatus, ...blocks } }` (schema varies by stage). */
function parseStage2(app: Record<string, unknown>, notes: Notes): ParsedCallback {
  const appNo = readId(app.Appno, 'Appno', notes);
  const appId = readId(app.AppId, 'AppId', notes);
  if (!appNo && !appId) return { parseStatus: 'unparseable', reason: withNotes('no usable Appno', notes), events: [] };
  const unknownKeys = Object.keys(app).filter((k) => !KNOWN_KEYS.has(k));
  if (unknownKeys.length) notes.push(`ignored unknown fields: ${unknownKeys.slice(0, 20).join(', ')}`);

  const vendor = mapVendorStatus(readText(app.DecisionStatus, 'DecisionStatus', notes, 64), readText(app.FundingStatus, 'FundingStatus', notes, 64));
  const decisionStips = readStipulations(app.DecisionStipulations, 'DecisionStipulations', notes);
  const verificationStips = readStipulations(app.VerificationStipulations, 'VerificationStipulations', notes);
  const ref = { ...(appNo ? { lenderAppNo: appNo } : {}), ...(appId ? { lenderAppId: appId } : {}) };
  const event: CallbackEvent = {
    kind: 'update',
    ref,
    status: vendor.status,
    lenderStatus: vendor.lenderStatus,
    vendorAt: readDate(app.UpdatedAt, 'UpdatedAt', notes),
    terms: readStructure(app.DecisionLoanStructure, 'DecisionLoanStructure', notes),
    booked: readStructure(app.BookedLoanStructure, 'BookedLoanStructure', notes),
    decline: readDecline(app.DeclineReasons, app.CreditBureau, notes),
    ...(decisionStips || verificationStips
      ? { stipulations: { ...(decisionStips ? { decision: decisionStips } : {}), ...(verificationStips ? { verification: verificationStips } : {}) } }
      : {}),
  };
  if (vendor.unknown) return { parseStatus: 'partial', reason: withNotes(`unknown ${vendor.unknown}: status not applied`, notes), subject: ref, events: [event] };
  return { parseStatus: 'parsed', reason: withNotes(null, notes), subject: ref, events: [event] };
}

/** Parses a stored appTRAKER callback; never throws. */
export function parseApptrakerCallback(callback: StoredCallback): ParsedCallback {
  const decoded = decodeJsonBody(callback.body);
  if (!decoded.ok) return unreadable(decoded.reason, decoded.text);
  const body = decoded.value;
  if (!isRecord(body)) return { parseStatus: 'unparseable', reason: 'body is JSON but not an object', events: [] };
  const notes: Notes = [];
  const status = typeof body.Status === 'string' ? body.Status.trim().toUpperCase() : '';
  if (status === 'PROCESSED') return parseStage1(body, notes);
  if (isRecord(body.Application)) return parseStage2(body.Application, notes);
  if ('Appno' in body && ('DecisionStatus' in body || 'FundingStatus' in body)) return parseStage2(body, notes);
  if ('AppId' in body && 'Appno' in body) return parseStage1(body, notes);
  return { parseStatus: 'unparseable', reason: 'neither a stage-1 (PROCESSED) nor a stage-2 (Application) callback', events: [] };
}
