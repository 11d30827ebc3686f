import { expect } from 'chai';
import { DEFAULT_RETRY_SCHEDULE, retryScheduleMs, withJitter } from '../../plugin/kernel/retrySchedule.js';

describe('retry schedule', () => {
  it('defaults to the documented schedule 1s, 5s, 30s, 5m, 30m, 2h, 6h, 24h, 24h', () => {
    expect(DEFAULT_RETRY_SCHEDULE).to.deep.equal(['1s', '5s', '30s', '5m', '30m', '2h', '6h', '24h', '24h']);
    expect(retryScheduleMs(undefined)).to.deep.equal([1, 5, 30, 300, 1800, 7200, 21600, 86400, 86400].map((x) => x * 1000));
  });

  it('reads a given schedule instead', () => {
    expect(retryScheduleMs(['250ms', '2s'])).to.deep.equal([250, 2000]);
    expect(retryScheduleMs([])).to.deep.equal([]);
    expect(() => retryScheduleMs(['soon'])).to.throw(/not a duration/);
  });

  it('jitters retry delays within ±10%', () => {
    expect(withJitter(1000, () => 0)).to.equal(900);
    expect(withJitter(1000, () => 1)).to.equal(1100);
    const samples = Array.from({ length: 200 }, () => withJitter(30_000));
    expect(Math.min(...samples)).to.be.at.least(27_000);
    expect(Math.max(...samples)).to.be.at.most(33_000);
    expect(new Set(samples).size).to.be.greaterThan(100);
  });
});
