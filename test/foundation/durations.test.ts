import { expect } from 'chai';
import { isDuration, parseDuration } from '../../plugin/kernel/durations.js';

describe('durations (the manifest format: 500ms, 30s, 5m, 2h, 7d)', () => {
  it('parses every unit to milliseconds', () => {
    expect(['50ms', '1s', '5m', '2h', '1d'].map(parseDuration)).to.deep.equal([50, 1000, 300_000, 7_200_000, 86_400_000]);
    expect(parseDuration('0s')).to.equal(0);
    expect(parseDuration('007m')).to.equal(420_000);
  });

  it('refuses anything else, naming the text', () => {
    for (const bad of ['5 minutes', '5', '1.5s', '-1s', ' 5s', '5s ', '5S', '1w', '', 'ms']) {
      expect(() => parseDuration(bad), bad).to.throw(/not a duration like 500ms/);
      expect(isDuration(bad), bad).to.equal(false);
    }
    expect(() => parseDuration('5 minutes')).to.throw('"5 minutes" is not a duration');
  });

  it('recognises the same forms it parses', () => {
    for (const good of ['500ms', '30s', '5m', '2h', '7d']) expect(isDuration(good), good).to.equal(true);
    for (const notText of [5, null, undefined, ['5s']]) expect(isDuration(notText)).to.equal(false);
  });
});
