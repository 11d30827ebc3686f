import { expect } from 'chai';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { createLogger } from '../../plugin/observability/createLogger.js';
import { lazyChild } from '../../plugin/observability/lazyChild.js';
import { createHarness } from '../support/harness.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _e, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  return { lines, host: pino({ level: 'debug' }, stream) };
}

describe('logging', () => {
  it('redacts PII and secrets at any depth, through the host logger', () => {
    const { lines, host } = capture();
    const logger = createLogger(host).child({ component: 'test' });
    logger.info(
      {
        application: {
          applicant: { ssn: '123-45-6789', dateOfBirth: '1988-04-12', employment: { grossMonthlyIncome: 6812.34 }, otherIncome: [{ monthlyAmount: 611.57 }] },
          coApplicant: { ssn: '987-65-4321' },
        },
        req: { headers: { authorization: 'Bearer top-secret-token', 'x-api-key': 'key-abc-123' } },
        lender: { credentials: { apiKey: 'lender-key-999' }, secret: 'whsec_shhh' },
      },
      'submitting',
    );
    const out = lines.join('');
    for (const leaked of ['123-45-6789', '1988-04-12', '6812.34', '611.57', '987-65-4321', 'top-secret-token', 'key-abc-123', 'lender-key-999', 'whsec_shhh']) {
      expect(out, `log output leaked ${leaked}`).not.to.contain(leaked);
    }
    expect(out).to.contain('[REDACTED]');
    expect(JSON.parse(lines[0])).to.include({ plugin: 'lendwire', component: 'test', msg: 'submitting' });
  });

  it('redacts vendor spellings of PII keys case-insensitively at any depth, in errors and child bindings too', () => {
    const { lines, host } = capture();
    const logger = createLogger(host);
    const values: Record<string, string> = {
      SSN: '111-22-3331',
      SocialSecurityNumber: '111-22-3332',
      social_security_number: '111-22-3333',
      'Applicant-SSN': '111-22-3334',
      ssnLast4: '3335',
      DOB: '1970-01-06',
      DateOfBirth: '1970-01-07',
      birthDate: '1970-01-08',
      date_of_birth: '1970-01-09',
      GrossMonthlyIncome: '7311.11',
      MonthlyIncome: '7322.22',
      income: '7333.33',
      ANNUAL_INCOME: '7344.44',
      'X-API-KEY': 'vendor-key-7355',
      Client_Secret: 'vendor-secret-7366',
      RefreshToken: 'vendor-refresh-7377',
    };
    // Twelve levels down: deeper than any fixed list of wildcard paths reaches.
    let deep: Record<string, unknown> = { ...values };
    for (let i = 0; i < 12; i++) deep = { [`Level${i}`]: deep, list: [deep] };
    logger.warn({ answer: deep }, 'lender answered');
    const err = Object.assign(new Error('vendor refused'), { response: { body: { Applicant: { SSN: '111-22-3338' } } } });
    logger.error({ err }, 'submission failed');
    logger.child({ Applicant: { DOB: '1970-01-10' }, lender: 'westlake' }).info('bound');
    const out = lines.join('');
    for (const leaked of [...Object.values(values), '111-22-3338', '1970-01-10']) expect(out, `log output leaked ${leaked}`).not.to.contain(leaked);
    const [, errLine, bound] = lines.map((l) => JSON.parse(l));
    // What is not sensitive is kept: the error still prints through pino's serializer, the bindings stay.
    expect(errLine.err).to.include({ type: 'Error', message: 'vendor refused' });
    expect(errLine.err.stack).to.match(/vendor refused/);
    expect(errLine.err.response.body.Applicant.SSN).to.equal('[REDACTED]');
    expect(bound).to.include({ lender: 'westlake', msg: 'bound' });
    expect(out).to.contain('Level11');
  });

  it('keeps ordinary fields that only look alike (outcome, business, className, status)', () => {
    const { lines, host } = capture();
    createLogger(host).info({ outcome: 'declined', business: 'NTMC', className: 'x', status: 'funded', statusCode: 200, tokensLeft: 3 }, 'kept');
    expect(JSON.parse(lines[0])).to.include({ outcome: 'declined', business: 'NTMC', className: 'x', status: 'funded', statusCode: 200, tokensLeft: 3 });
  });

  it('a lazy child logs exactly what child() would, redaction included, and is only made when something is logged', () => {
    const { lines, host } = capture();
    const root = createLogger(host);
    root.level = 'info';
    let made = 0;
    const child = root.child.bind(root);
    root.child = ((...args: Parameters<typeof child>) => {
      made++;
      return child(...args);
    }) as typeof root.child;
    const lazy = lazyChild(root, { jobId: 'raw-1', token: 'tok-secret' });
    lazy.debug({ ssn: '123-45-6789' }, 'below the level');
    expect(made).to.equal(0);
    expect(lines).to.deep.equal([]);
    lazy.info({ applicant: { ssn: '123-45-6789' } }, 'hello');
    lazy.warn('again');
    expect(made).to.equal(1);
    child({ jobId: 'raw-1', token: 'tok-secret' }).info({ applicant: { ssn: '123-45-6789' } }, 'hello');
    const [viaLazy, , viaChild] = lines.map((l) => JSON.parse(l));
    delete viaLazy.time;
    delete viaChild.time;
    expect(viaLazy).to.deep.equal(viaChild);
    expect(lines.join('')).not.to.match(/123-45-6789|tok-secret/);
    expect(lazy.isLevelEnabled('info')).to.equal(true);
  });

  it('tags request logs with the correlation id and echoes it back', async () => {
    const h = await createHarness();
    try {
      const res = await h.request('/does-not-exist', { headers: { 'x-request-id': 'corr-abc-123' } });
      expect(res.headers.get('x-request-id')).to.equal('corr-abc-123');
      const line = h
        .logs()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l))
        .find((l) => l.msg === 'request refused');
      expect(line).to.include({ correlationId: 'corr-abc-123', status: 404 });
      const generated = await h.request('/does-not-exist', { headers: { 'x-request-id': 'bad id with spaces' } });
      expect(generated.headers.get('x-request-id')).to.match(/^[0-9a-f-]{36}$/);
    } finally {
      await h.close();
    }
  });
});
