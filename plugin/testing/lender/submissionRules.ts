import { pino } from 'pino';
import type { Dispatcher } from 'undici';
import type { LenderConfig } from '../../manifest/Manifest.js';
import type { LookupOutcome, LookupRequest, SubmissionContext, SubmissionOutcome, SubmissionRequest } from '../../sdk/LenderSubmission.js';
import { createLenderHttp } from '../../outbound/createLenderHttp.js';
import type { ConformanceRule } from '../ConformanceRule.js';
import { ConformanceFailure, expectRule } from '../ConformanceFailure.js';
import { findLeaks, sensitiveNeedles } from '../findLeaks.js';
import type { LocalStandIn, ReceivedCall, StandInAnswer } from '../LocalStandIn.js';
import { secretsFrom } from '../secretsFrom.js';
import { SAMPLE_APPLICATION } from './sampleApplication.js';
import type { LenderConformanceOptions } from './LenderConformanceOptions.js';

/** The per-call deadline of the hanging-lender rules: short, so the kit stays fast. */
const HANG_TIMEOUT_MS = 500;
const TIMEOUT_MS = 5_000;

/** The submission and lookup rules' names, in order. */
export function submissionRuleNames(withLookup: boolean): string[] {
  return [
    'submission: an accepted answer is accepted with the lender’s id, sent once',
    'submission: a documented refusal is rejected with a reason',
    'submission: a timeout after sending is unknown, never failed or retried',
    'submission: a connection dropped after sending is unknown',
    'submission: a 2xx answer it cannot read is unknown (the lender may have it)',
    'submission: a 500 is unknown, never retried blindly',
    'submission: a request that was never sent (connection refused) is retryable',
    'submission: a 503 is retryable and honours Retry-After',
    'submission: a 429 is retryable (rate-limited) and honours Retry-After',
    'submission: no SSN, birth date, income or secret in any outcome, even when the lender echoes the request',
    ...(withLookup
      ? [
          'lookup: finds the application by lendwire’s id',
          'lookup: a documented "not found" is not_found',
          'lookup: a timeout or a 500 is unknown, never not_found',
        ]
      : []),
  ];
}

/** Everything the submission rules share: the stand-in, the dispatcher, the request and the lender pointed at the stand-in. */
export interface SubmissionBench {
  standIn: LocalStandIn;
  dispatcher: Dispatcher;
  lender: LenderConfig;
  /** The stand-in's URL and a URL where nothing listens. */
  closedUrl: string;
}

const request: SubmissionRequest = {
  applicationId: 'app_01JCONF0RMANCE0000000000AA',
  dealerId: 'dealer-conformance',
  lenderId: 'conformance',
  externalRef: 'DEAL-4711',
  attempt: 1,
  application: SAMPLE_APPLICATION,
};

/**
 * The submission side's rules, each against a real local stand-in through the
 * same lender HTTP the core uses (createLenderHttp): accepted, refused,
 * timeouts and resets after sending (unknown: at most once), unreadable and
 * 5xx answers, not sent, 503/429 with Retry-After, no PII or secret in any
 * outcome; then lookups when the adapter has them.
 */
export function submissionRules(options: LenderConformanceOptions, bench: SubmissionBench): ConformanceRule[] {
  const submission = options.adapter.submission!;
  const fixtures = options.fixtures.submission!;
  const submitRequest: SubmissionRequest = { ...request, lenderId: bench.lender.id, application: fixtures.application ?? SAMPLE_APPLICATION };
  const applicantNeedles = sensitiveNeedles(submitRequest.application.applicant);
  const needles = sensitiveNeedles(submitRequest.application.applicant, Object.values(options.secrets));
  const context = (timeoutMs: number): SubmissionContext => ({
    logger: pino({ level: 'silent' }),
    secret: secretsFrom(options.secrets),
    timeoutMs,
    http: createLenderHttp(() => bench.dispatcher, timeoutMs),
  });
  const submit = async (answer: StandInAnswer, lender = bench.lender, timeoutMs = TIMEOUT_MS): Promise<SubmissionOutcome> => {
    bench.standIn.answer(() => answer);
    try {
      return await submission.submit(submitRequest, lender, context(timeoutMs));
    } catch (err) {
      throw new ConformanceFailure('submit classifies every lender failure, it never throws', { answer, error: err, received: bench.standIn.calls });
    }
  };
  const evidence = (outcome: unknown) => ({ outcome, received: bench.standIn.calls.map((c) => ({ method: c.method, path: c.path })) });
  const sentOnce = () => bench.standIn.calls.length === 1;
  const names = submissionRuleNames(Boolean(submission.lookup && options.fixtures.lookup));
  const rule = (index: number, check: () => Promise<void>): ConformanceRule => ({ name: names[index], check });
  const rules: ConformanceRule[] = [
    rule(0, async () => {
      const outcome = await submit(fixtures.accepted.answer);
      expectRule(outcome.outcome === 'accepted' && outcome.lenderAppId === fixtures.accepted.lenderAppId && sentOnce(), `accepted with lenderAppId ${JSON.stringify(fixtures.accepted.lenderAppId)}, one request to the lender`, evidence(outcome));
    }),
    rule(1, async () => {
      const outcome = await submit(fixtures.rejected);
      expectRule(outcome.outcome === 'rejected' && typeof outcome.reason === 'string' && outcome.reason.length > 0 && typeof outcome.code === 'string', 'rejected with a code and a reason for the dealer', evidence(outcome));
    }),
    rule(2, async () => {
      const outcome = await submit('hang', bench.lender, HANG_TIMEOUT_MS);
      expectRule(outcome.outcome === 'unknown' && sentOnce(), `unknown (the lender got the request and did not answer within ${HANG_TIMEOUT_MS} ms)`, evidence(outcome));
    }),
    rule(3, async () => {
      const outcome = await submit('reset');
      expectRule(outcome.outcome === 'unknown' && sentOnce(), 'unknown (the connection was dropped after the request was read)', evidence(outcome));
    }),
    rule(4, async () => {
      for (const body of ['<html><body>Service temporarily busy</body></html>', '{"truncated', '']) {
        const outcome = await submit({ status: 200, headers: { 'content-type': 'text/html' }, body });
        expectRule(outcome.outcome === 'unknown', `unknown for HTTP 200 with ${JSON.stringify(body)}`, evidence(outcome));
      }
    }),
    rule(5, async () => {
      const outcome = await submit({ status: 500, body: '{"error":"internal"}' });
      expectRule(outcome.outcome === 'unknown', 'unknown for HTTP 500 (the lender may have processed it)', evidence(outcome));
    }),
    rule(6, async () => {
      const lender = options.pointAt ? options.pointAt(bench.lender, bench.closedUrl) : pointAtStandIn(bench.lender, bench.closedUrl);
      const outcome = await submit({ status: 500 }, lender);
      expectRule(outcome.outcome === 'retryable', 'retryable (nothing reached the lender)', evidence(outcome));
    }),
    rule(7, async () => {
      const outcome = await submit({ status: 503, headers: { 'retry-after': '7' }, body: '{"message":"maintenance"}' });
      expectRule(outcome.outcome === 'retryable' && outcome.waitMs === 7_000, 'retryable with waitMs 7000 (Retry-After: 7)', evidence(outcome));
    }),
    rule(8, async () => {
      const outcome = await submit({ status: 429, headers: { 'retry-after': '12' }, body: '{"message":"slow down"}' });
      expectRule(outcome.outcome === 'retryable' && outcome.waitMs === 12_000, 'retryable with waitMs 12000 (Retry-After: 12)', evidence(outcome));
    }),
    rule(9, async () => {
      const echo = (status: number) => (call: ReceivedCall) => ({ status, headers: { 'content-type': 'text/plain' }, body: `could not process: ${JSON.stringify(call.headers)} ${call.body}` });
      // Lenders quote the values they refuse: every spelling, in the error fields vendors use.
      const quoted = `applicant ${applicantNeedles.join(' / ')} could not be verified`;
      const quote = (status: number) => () => ({ status, body: JSON.stringify({ Message: quoted, message: quoted, error: quoted, Errors: [{ Field: 'SSN', Message: quoted }], errors: [quoted] }) });
      const scripts = [...[400, 422, 500, 200].map((status) => ({ status, how: 'echoing the request', script: echo(status) })), ...[400, 422, 503].map((status) => ({ status, how: 'quoting SSN, birth date and income', script: quote(status) }))];
      for (const { status, how, script } of scripts) {
        bench.standIn.answer(script);
        let outcome: SubmissionOutcome;
        try {
          outcome = await submission.submit(submitRequest, bench.lender, context(TIMEOUT_MS));
        } catch (err) {
          throw new ConformanceFailure('submit never throws', { status, error: err });
        }
        const leaks = findLeaks(outcome, needles);
        expectRule(leaks.length === 0, `HTTP ${status} ${how}: the outcome carries no SSN, birth date, income or secret`, { leaks, outcome });
      }
    }),
  ];
  const lookup = submission.lookup?.bind(submission);
  const lookupFixtures = options.fixtures.lookup;
  if (lookup && lookupFixtures) {
    const lookupRequest: LookupRequest = { applicationId: request.applicationId, dealerId: request.dealerId, lenderId: bench.lender.id, externalRef: request.externalRef };
    const ask = async (answer: StandInAnswer, timeoutMs = TIMEOUT_MS): Promise<LookupOutcome> => {
      bench.standIn.answer(() => answer);
      try {
        return await lookup(lookupRequest, bench.lender, context(timeoutMs));
      } catch (err) {
        throw new ConformanceFailure('lookup classifies every failure, it never throws', { answer, error: err });
      }
    };
    rules.push(
      rule(10, async () => {
        const outcome = await ask(lookupFixtures.found.answer);
        const call = bench.standIn.calls[0];
        expectRule(outcome.result === 'found' && outcome.lenderAppId === lookupFixtures.found.lenderAppId, `found with lenderAppId ${JSON.stringify(lookupFixtures.found.lenderAppId)}`, evidence(outcome));
        expectRule(Boolean(call) && `${call.path} ${call.body}`.includes(request.applicationId), `the lookup asks by lendwire's id ${request.applicationId}`, evidence(outcome));
      }),
      rule(11, async () => {
        const outcome = await ask(lookupFixtures.notFound);
        expectRule(outcome.result === 'not_found', 'not_found', evidence(outcome));
      }),
      rule(12, async () => {
        const timedOut = await ask('hang', HANG_TIMEOUT_MS);
        expectRule(timedOut.result === 'unknown', 'unknown after a timeout (nothing was learnt)', evidence(timedOut));
        const failed = await ask({ status: 500, body: '{}' });
        expectRule(failed.result === 'unknown', 'unknown after a 500', evidence(failed));
      }),
    );
  }
  return rules;
}

/** The default `pointAt`: the submission and lookup URLs on the stand-in. */
export function pointAtStandIn(lender: LenderConfig, standInUrl: string): LenderConfig {
  return { ...lender, submission: { timeoutMs: TIMEOUT_MS, ...lender.submission, url: `${standInUrl}/submit`, lookupUrl: `${standInUrl}/lookup` } };
}
