import type { TraceCarrier } from '../observability/tracing/index.js';
import { TARGET_VERSIONS_SQL, type TargetVersions } from './targetVersions.js';

/**
 * What an event's NOTIFY carries to the relay (appendEvent): the outbox columns fan-out
 * needs and the target kinds' versions as of the writing statement's snapshot
 * (`target_versions`), so a pass can fan the event out without reading the outbox.
 */
export interface OutboxNotice {
  id: string;
  event_id: string;
  type: string;
  application_id: string | null;
  dealer_id: string | null;
  trace_context: TraceCarrier | null;
  versions: TargetVersions;
}

/**
 * Postgres refuses a NOTIFY payload of 8,000 bytes or more (the statement, so the event's
 * write, would fail); a longer notice (a long trace state, say) is sent empty instead, and
 * an empty notice makes the relay read the outbox.
 */
const MAX_NOTICE_BYTES = 7_900;

/**
 * The payload of the NOTIFY for the outbox row `alias` (a CTE of the event's INSERT
 * returning its columns), as a SQL expression; its one binding is the schema.
 */
export function outboxNoticeSql(alias: string): string {
  return `(SELECT CASE WHEN octet_length(n.p) < ${MAX_NOTICE_BYTES} THEN n.p ELSE '' END FROM (SELECT json_build_object(
      'id', ${alias}.id::text, 'event_id', ${alias}.event_id, 'type', ${alias}.type, 'application_id', ${alias}.application_id,
      'dealer_id', ${alias}.dealer_id, 'trace_context', ${alias}.trace_context,
      'versions', ${TARGET_VERSIONS_SQL})::text AS p) n)`;
}

const isText = (v: unknown): v is string => typeof v === 'string';
const isTextOrNull = (v: unknown): v is string | null => v === null || typeof v === 'string';

/** The notice in a NOTIFY payload; undefined when it carries none (empty, or not one of ours): the relay then reads the outbox. */
export function parseOutboxNotice(payload: string | undefined): OutboxNotice | undefined {
  if (!payload) return undefined;
  let n: Partial<Record<keyof OutboxNotice, unknown>>;
  try {
    n = JSON.parse(payload) as typeof n;
  } catch {
    return undefined;
  }
  if (typeof n !== 'object' || n === null) return undefined;
  if (!isText(n.id) || !/^\d+$/.test(n.id) || !isText(n.event_id) || !isText(n.type) || !isTextOrNull(n.application_id) || !isTextOrNull(n.dealer_id)) return undefined;
  const versions = n.versions ?? {};
  if (typeof versions !== 'object' || versions === null || Object.values(versions).some((v) => !isText(v) || !/^\d+$/.test(v))) return undefined;
  const trace = n.trace_context ?? null;
  if (trace !== null && (typeof trace !== 'object' || Array.isArray(trace))) return undefined;
  return { id: n.id, event_id: n.event_id, type: n.type, application_id: n.application_id, dealer_id: n.dealer_id, trace_context: trace as TraceCarrier | null, versions: versions as TargetVersions };
}
