import { pino } from 'pino';
import type { AdapterContext } from '../../sdk/AdapterContext.js';
import type { LenderCallbacks, InboundCallbackRequest, ParsedCallback, StoredCallback } from '../../sdk/LenderCallbacks.js';
import type { LenderConfig } from '../../manifest/Manifest.js';
import { APPLICATION_STATUSES } from '../../sdk/statuses.js';
import type { ConformanceRule } from '../ConformanceRule.js';
import { ConformanceFailure, expectRule } from '../ConformanceFailure.js';
import { fuzzBodies } from '../fuzzBodies.js';
import { secretsFrom } from '../secretsFrom.js';
import type { LenderConformanceOptions, RecordedCallback } from './LenderConformanceOptions.js';

/** Statuses only the core sets (queueing, submission, review): a callback never yields them. */
const CORE_ONLY = new Set(['queued', 'submitting', 'submission_failed', 'needs_review']);
const REFUSALS = new Set([400, 401, 403, 404, 409, 422]);

/** The callback rules' names, in order (registered before anything runs). */
export function callbackRuleNames(callbacks: LenderCallbacks): string[] {
  return [
    'callbacks: every recorded callback is authenticated',
    'callbacks: a request without the lender’s authentication is refused (401/403)',
    'callbacks: authenticate never throws and answers a valid verdict, on any byte sequence (fuzzed, signed and unsigned)',
    ...(callbacks.subjectOf ? ['callbacks: subjectOf never throws, on any byte sequence (fuzzed)'] : []),
    'callbacks: parse never throws and answers a well-formed result, on any byte sequence (fuzzed)',
    'callbacks: every recorded callback is understood (parsed or partial)',
    'callbacks: every documented status maps as documented',
    'callbacks: never invents a status (unknown status words and fuzzed input give none)',
  ];
}

function inbound(body: Buffer, headers: Record<string, string>, contentType: string, receivedAt: Date): InboundCallbackRequest {
  const lower = Object.fromEntries(Object.entries({ 'content-type': contentType, ...headers }).map(([k, v]) => [k.toLowerCase(), v]));
  return { body, headers: lower, contentType, receivedAt, sourceIp: '127.0.0.1' };
}

function stored(body: Buffer, contentType: string, receivedAt: Date, lenderId: string): StoredCallback {
  return { id: 'raw-conformance', lenderId, body, contentType, headers: { 'content-type': contentType }, receivedAt };
}

/** What is wrong with a parse result's shape, or null. */
function malformed(parsed: ParsedCallback): string | null {
  if (!parsed || typeof parsed !== 'object') return 'parse returned no object';
  if (!['parsed', 'partial', 'unparseable'].includes(parsed.parseStatus)) return `parseStatus ${JSON.stringify(parsed.parseStatus)}`;
  if (!Array.isArray(parsed.events)) return 'events is not an array';
  for (const event of parsed.events) if (!['link', 'update', 'notice'].includes(event?.kind)) return `event kind ${JSON.stringify(event?.kind)}`;
  return null;
}

/** Statuses in a parse result that no callback may yield (not a normalized status, or one only the core sets). */
function inventedStatuses(parsed: ParsedCallback): string[] {
  return parsed.events.flatMap((e) => (e.kind === 'update' && e.status !== null && (!(APPLICATION_STATUSES as readonly string[]).includes(e.status) || CORE_ONLY.has(e.status)) ? [String(e.status)] : []));
}

const statusesOf = (parsed: ParsedCallback) => parsed.events.flatMap((e) => (e.kind === 'update' && e.status !== null ? [e.status] : []));

/**
 * The callback side's rules: authentication of recorded and unsigned requests,
 * fuzzed bodies through authenticate, subjectOf and parse (seeded, so a failure
 * names the seed and case and shows the bytes), recorded callbacks understood,
 * documented statuses mapped, no status invented.
 */
export function callbackRules(options: LenderConformanceOptions, lender: LenderConfig): ConformanceRule[] {
  const callbacks = options.adapter.callbacks!;
  const fixtures = options.fixtures.callbacks!;
  const ctx: AdapterContext = { logger: pino({ level: 'silent' }), secret: secretsFrom(options.secrets) };
  const seed = options.seed ?? 20261204;
  const bytes = (c: RecordedCallback) => (Buffer.isBuffer(c.body) ? c.body : Buffer.from(c.body, 'utf8'));
  const recorded = [...fixtures.samples, ...fixtures.statuses.map((s) => s.callback)];
  const fuzz = () => fuzzBodies(recorded.map(bytes), seed, options.fuzzCases ?? 300);
  const parse = (body: Buffer, contentType = 'application/json', receivedAt = new Date()) => callbacks.parse(stored(body, contentType, receivedAt, lender.id), lender, ctx);
  const signed = (c: RecordedCallback) => {
    const receivedAt = c.receivedAt ?? new Date();
    return inbound(bytes(c), fixtures.sign(bytes(c), receivedAt), c.contentType ?? 'application/json', receivedAt);
  };
  const names = callbackRuleNames(callbacks);
  const rule = (index: number, check: () => Promise<void>): ConformanceRule => ({ name: names[index], check });
  const rules: ConformanceRule[] = [
    rule(0, async () => {
      for (const sample of fixtures.samples) {
        const answer = await callbacks.authenticate(signed(sample), lender, ctx);
        expectRule(answer?.ok === true, `the recorded callback "${sample.name}", signed as the lender signs, is accepted`, { callback: sample.name, answer });
      }
    }),
    rule(1, async () => {
      for (const sample of fixtures.samples) {
        const answer = await callbacks.authenticate(inbound(bytes(sample), {}, sample.contentType ?? 'application/json', sample.receivedAt ?? new Date()), lender, ctx);
        expectRule(answer?.ok === false && (answer.status === 401 || answer.status === 403), `"${sample.name}" without the lender's authentication headers is refused with 401 or 403`, { callback: sample.name, answer });
      }
    }),
    rule(2, async () => {
      for (const { label, body } of fuzz()) {
        for (const sign of [true, false]) {
          const request = inbound(body, sign ? fixtures.sign(body, new Date()) : {}, 'application/json', new Date());
          let answer;
          try {
            answer = await callbacks.authenticate(request, lender, ctx);
          } catch (err) {
            throw new ConformanceFailure('authenticate classifies any request, it never throws', { seed, input: label, signed: sign, body, error: err });
          }
          const valid = answer?.ok === true || (answer?.ok === false && REFUSALS.has(answer.status) && typeof answer.reason === 'string');
          expectRule(valid, 'authenticate answers { ok: true } or { ok: false, status: 400|401|403|404|409|422, reason }', { seed, input: label, signed: sign, body, answer });
        }
      }
    }),
  ];
  if (callbacks.subjectOf) {
    const subjectOf = callbacks.subjectOf.bind(callbacks);
    rules.push({
      name: names[3],
      async check() {
        for (const { label, body } of fuzz()) {
          try {
            subjectOf(inbound(body, fixtures.sign(body, new Date()), 'application/json', new Date()), lender, ctx);
          } catch (err) {
            throw new ConformanceFailure('subjectOf never throws (it is called at the door, on every authenticated callback)', { seed, input: label, body, error: err });
          }
        }
      },
    });
  }
  const offset = callbacks.subjectOf ? 4 : 3;
  rules.push(
    rule(offset, async () => {
      for (const { label, body } of fuzz()) {
        for (const contentType of ['application/json', 'text/plain']) {
          let parsed: ParsedCallback;
          try {
            parsed = parse(body, contentType);
          } catch (err) {
            throw new ConformanceFailure('parse reports `unparseable` instead of throwing', { seed, input: label, contentType, body, error: err });
          }
          const problem = malformed(parsed);
          expectRule(problem === null, 'parse answers { parseStatus: parsed|partial|unparseable, events: [link|update|notice...] }', { seed, input: label, body, problem, parsed });
        }
      }
    }),
    rule(offset + 1, async () => {
      for (const sample of fixtures.samples) {
        const parsed = parse(bytes(sample), sample.contentType, sample.receivedAt);
        expectRule(parsed.parseStatus !== 'unparseable' && malformed(parsed) === null, `the recorded callback "${sample.name}" is understood`, { callback: sample.name, parsed });
      }
    }),
    rule(offset + 2, async () => {
      const wrong = fixtures.statuses.flatMap((documented) => {
        const parsed = parse(bytes(documented.callback), documented.callback.contentType, documented.callback.receivedAt);
        return parsed.parseStatus !== 'unparseable' && statusesOf(parsed).includes(documented.status) ? [] : [{ lenderStatus: documented.lenderStatus, expected: documented.status, callback: documented.callback.name, parsed }];
      });
      expectRule(fixtures.statuses.length > 0, 'the fixtures list the documented statuses (fixtures.callbacks.statuses)', {});
      expectRule(wrong.length === 0, 'each documented vendor status yields an update with its documented status', { wrong });
    }),
    rule(offset + 3, async () => {
      for (const documented of fixtures.statuses) {
        const unknownWord = `Zqx${documented.lenderStatus.length}Unheard`;
        const body = Buffer.from(bytes(documented.callback).toString('utf8').split(documented.lenderStatus).join(unknownWord), 'utf8');
        const parsed = parse(body, documented.callback.contentType, documented.callback.receivedAt);
        expectRule(statusesOf(parsed).length === 0, `"${documented.callback.name}" with the status word ${JSON.stringify(documented.lenderStatus)} replaced by ${JSON.stringify(unknownWord)} yields no status`, { body, parsed });
      }
      for (const { label, body } of fuzz()) {
        let parsed: ParsedCallback;
        try {
          parsed = parse(body);
        } catch {
          continue; // reported by the parse rule
        }
        if (!Array.isArray(parsed?.events)) continue;
        const invented = inventedStatuses(parsed);
        expectRule(invented.length === 0, 'every status is a normalized status a lender may give (not queued, submitting, submission_failed or needs_review)', { seed, input: label, body, invented });
      }
    }),
  );
  return rules;
}
