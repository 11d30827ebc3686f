import type { AdapterContext } from './AdapterContext.js';
import type { LenderConfig } from '../manifest/Manifest.js';
import type { ApplicationStatus } from './statuses.js';

/**
 * Callback side of a lender adapter. The core owns the HTTP route, raw storage,
 * queueing, application lookup, status precedence and events; an adapter only
 * answers two questions about its vendor's wire format:
 *  - `authenticate`: may this request be stored at all?
 *  - `parse`: what does a stored callback say, in normalized terms?
 * Both must be pure with respect to lendwire's state (no database, no network),
 * and `parse` must never throw on bad input: it reports `unparseable` instead.
 */
export interface LenderCallbacks {
  authenticate(request: InboundCallbackRequest, lender: LenderConfig, ctx: AdapterContext): CallbackAuthentication | Promise<CallbackAuthentication>;
  parse(callback: StoredCallback, lender: LenderConfig, ctx: AdapterContext): ParsedCallback;
  /**
   * Optional, called at the door for every authenticated callback: a cheap look
   * (no full parse, never throws) at which application the callback is about.
   * The core applies callbacks with the same subject strictly in arrival order,
   * whichever worker process picks them up. Name the same field for every
   * callback of one application (appTRAKER: `Appno`). Without it, the core uses
   * `requireApplication` from `authenticate`, else no order is kept.
   */
  subjectOf?(request: InboundCallbackRequest, lender: LenderConfig, ctx: AdapterContext): ApplicationRef | null;
}

/** A callback request as received, before it is stored. */
export interface InboundCallbackRequest {
  /** The exact bytes received (HMACs are computed over these). */
  readonly body: Buffer;
  /** Header names are lower-case. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly contentType: string | null;
  /** When lendwire received it (the core's clock: use it for timestamp tolerance checks). */
  readonly receivedAt: Date;
  readonly sourceIp: string | null;
}

/** How a callback names the application it is about; the core looks it up within the lender. */
export interface ApplicationRef {
  /** The vendor's application number (appTRAKER `Appno`). */
  lenderAppNo?: string;
  /** The vendor's id from the submission answer (appTRAKER `AppId`, broker `sessionId`). */
  lenderAppId?: string;
  /** Lendwire's own application id, when the vendor echoes it. */
  applicationId?: string;
}

/** HTTP statuses an adapter may refuse a callback with. */
export type CallbackRefusalStatus = 400 | 401 | 403 | 404 | 409 | 422;

export type CallbackAuthentication =
  | {
      ok: true;
      /** A vendor delivery id: a second request with the same key is answered 200 and has no side effects. */
      dedupeKey?: string;
      /**
       * The callback must be about an application lendwire already has (e.g. a broker
       * session): if none matches within this lender, the core refuses it with 404
       * (cross-tenant defence) after storing it as `rejected`.
       */
      requireApplication?: ApplicationRef;
    }
  | {
      ok: false;
      status: CallbackRefusalStatus;
      reason: string;
      /** For a 400/422: each request field at fault, by JSON path (e.g. `/sessionId`), shown to the sender. */
      problems?: { path: string; message: string }[];
    };

export function callbackAccepted(extra: { dedupeKey?: string; requireApplication?: ApplicationRef } = {}): CallbackAuthentication {
  return { ok: true, ...extra };
}

export function callbackRefused(status: CallbackRefusalStatus, reason: string, problems?: { path: string; message: string }[]): CallbackAuthentication {
  return { ok: false, status, reason, ...(problems?.length ? { problems } : {}) };
}

/** A raw callback as stored by the core, handed back to the adapter for parsing (also on re-process). */
export interface StoredCallback {
  readonly id: string;
  readonly lenderId: string;
  readonly body: Buffer;
  readonly contentType: string | null;
  /** Redacted: secrets and signatures are not kept. */
  readonly headers: Readonly<Record<string, string>>;
  readonly receivedAt: Date;
}

export type ParseStatus = 'parsed' | 'partial' | 'unparseable';

export interface ParsedCallback {
  /** `parsed`: understood; `partial`: damaged or partly unknown, only what was safe was extracted; `unparseable`: nothing usable. */
  parseStatus: ParseStatus;
  /** Why it is partial or unparseable, and what was coerced or ignored (for the review screen). */
  reason: string | null;
  /** The application this callback is about, even when nothing could be applied (e.g. `Appno` from truncated JSON). */
  subject?: ApplicationRef;
  /** What to apply, in order. */
  events: CallbackEvent[];
}

/** Stage 1: the vendor links its id (from the submission answer) to its application number. */
export interface LinkEvent {
  kind: 'link';
  lenderAppId: string;
  lenderAppNo: string;
  lenderStatus?: string | null;
  vendorAt?: Date | null;
}

export interface Stipulation {
  code: string | null;
  description: string | null;
  status: string | null;
  [detail: string]: unknown;
}

export interface DeclineDetails {
  reasons: { code: string | null; description: string | null }[];
  /** The consumer reporting agency used, named on the adverse-action notice. */
  creditBureau?: { name: string | null; address?: string | null; phone?: string | null } | null;
  [detail: string]: unknown;
}

/**
 * Stage 2+: a status and/or new facts about an application. Blocks that are
 * absent are left as they are; fields that are null inside a block are not
 * overwritten (a sparse callback never erases what an earlier one said).
 */
export interface StatusUpdateEvent {
  kind: 'update';
  ref: ApplicationRef;
  /** The normalized status after the adapter applied its vendor's precedence rules; null when the callback says none. */
  status: ApplicationStatus | null;
  /** The vendor's own status word that produced `status`. */
  lenderStatus: string | null;
  /** The vendor's timestamp for this update, when it sends one (ordering); else arrival order is used. */
  vendorAt: Date | null;
  reason?: string | null;
  /** Decision terms (amount, term, APR, payment...). */
  terms?: Record<string, unknown>;
  stipulations?: { decision?: Stipulation[]; verification?: Stipulation[] };
  /** Booked / funded loan structure. */
  booked?: Record<string, unknown>;
  decline?: DeclineDetails;
}

/** Outbound event types an adapter may ask the core to emit about an application. */
export const CALLBACK_NOTICE_TYPES = ['case.outcome', 'customer_link.ready'] as const;
export type CallbackNoticeType = (typeof CALLBACK_NOTICE_TYPES)[number];

/** A fact to pass on to subscribers as its own event (the core adds applicationId, dealerId, rawCallbackId). */
export interface NoticeEvent {
  kind: 'notice';
  ref: ApplicationRef;
  type: CallbackNoticeType;
  /** Never SSN, DOB or income. */
  data: Record<string, unknown>;
}

export type CallbackEvent = LinkEvent | StatusUpdateEvent | NoticeEvent;
