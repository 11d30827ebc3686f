import { expect } from 'chai';
import { matchesEventType } from '../../plugin/events/matchesEventType.js';

describe('matchesEventType (webhook subscription and CRM target filters)', () => {
  it('matches exact types and one-segment wildcards', () => {
    expect(matchesEventType('application.status_changed', ['application.*'])).to.equal(true);
    expect(matchesEventType('application.status_changed', ['case.*'])).to.equal(false);
    expect(matchesEventType('case.outcome', ['application.*', 'case.outcome'])).to.equal(true);
    expect(matchesEventType('application.submitted', ['*.submitted'])).to.equal(true);
    expect(matchesEventType('application.submitted', ['application.funded'])).to.equal(false);
  });

  it('lets a lone * match every type', () => {
    expect(matchesEventType('endpoint.disabled', ['*'])).to.equal(true);
    expect(matchesEventType('application', ['*'])).to.equal(true);
  });

  it('never lets a wildcard segment stand for zero or several segments', () => {
    expect(matchesEventType('application', ['application.*'])).to.equal(false);
    expect(matchesEventType('a.b.c', ['a.*'])).to.equal(false);
    expect(matchesEventType('a.b', ['a.b.*'])).to.equal(false);
  });

  it('matches nothing with no filters', () => {
    expect(matchesEventType('application.submitted', [])).to.equal(false);
  });
});
