import { expect } from 'chai';
import { pino } from 'pino';
import { authenticateBroker } from '../../adapters/lenders/broker/authenticateBroker.js';
import { renderSmsTemplate } from '../../adapters/lenders/broker/renderSmsTemplate.js';
import { hmacSha256Hex, type AdapterContext, type LenderConfig } from '../../plugin/index.js';
import { BROKER_SECRET, brokerFixture } from './callbackSupport.js';

const lender = { id: 'sunhaven', adapter: 'broker', enabled: true, callbacks: { secret: { env: 'X' }, maxBodyBytes: 1 << 20, maxAgeSeconds: 300 }, rateLimit: { perDealerPerHour: 1 } } as LenderConfig;
const ctx: AdapterContext = { logger: pino({ level: 'silent' }), secret: () => BROKER_SECRET };
const now = new Date('2026-05-07T10:15:00.000Z');

function request(body: string, signature = hmacSha256Hex(BROKER_SECRET, body)) {
  return { body: Buffer.from(body), headers: { 'x-broker-signature': signature }, contentType: 'application/json', receivedAt: now, sourceIp: null };
}

describe('broker adapter (pure)', () => {
  const selected = JSON.stringify(brokerFixture('case_outcome.selected.json'));

  it('accepts the recorded delivery at its own time, with its delivery id and session to check', () => {
    expect(authenticateBroker(request(selected), lender, ctx)).to.deep.equal({
      ok: true,
      dedupeKey: 'wh_01JE7KZ8Q4M2N6P8R0T2V4X6Z8',
      requireApplication: { lenderAppId: '8a4f6c2e-1b7d-4e0a-9c3f-5d2e8b1a0d9c' },
    });
  });

  it('accepts an upper-case or sha256= prefixed signature, refuses a signature over other bytes', () => {
    expect(authenticateBroker(request(selected, hmacSha256Hex(BROKER_SECRET, selected).toUpperCase()), lender, ctx).ok).to.equal(true);
    expect(authenticateBroker(request(selected, `sha256=${hmacSha256Hex(BROKER_SECRET, selected)}`), lender, ctx).ok).to.equal(true);
    expect(authenticateBroker(request(selected + ' ', hmacSha256Hex(BROKER_SECRET, selected)), lender, ctx)).to.include({ ok: false, status: 401 });
  });

  it('refuses when the lender has no secret configured', () => {
    const bare = { ...lender, callbacks: { maxBodyBytes: 1, maxAgeSeconds: 300 } } as LenderConfig;
    expect(authenticateBroker(request(selected), bare, ctx)).to.include({ ok: false, status: 401 });
  });

  it('renders the SMS template and reports placeholders without a value', () => {
    expect(renderSmsTemplate('Hi {{firstName}}, from {{ retailerName }}: {{url}}', { firstName: 'Aisha', retailerName: 'Sunhaven Solar', url: 'https://x' })).to.deep.equal({
      text: 'Hi Aisha, from Sunhaven Solar: https://x',
      missing: [],
    });
    expect(renderSmsTemplate('Hi {{firstName}} {{unknown}}', { firstName: 'A' })).to.deep.equal({ text: 'Hi A ', missing: ['unknown'] });
  });
});
