import { expect } from 'chai';
import { sentCredentials, withoutEchoedCredentials } from '../../plugin/outbound/withoutEchoedCredentials.js';

describe('outbound CRM kit: answers never hand back the request’s credentials', () => {
  it('finds the bearer token, API-token headers and credential form fields, not ordinary headers', () => {
    const found = sentCredentials(
      { authorization: 'Bearer pat-na1-abcdefgh', 'x-api-token': '0123456789abcdef', accept: 'application/json', 'content-type': 'application/json' },
      { grant_type: 'client_credentials', client_id: '3MVG9fakeConsumerKey', client_secret: 'F4KE5ECRET0123' },
    );
    expect(found).to.have.members(['Bearer pat-na1-abcdefgh', 'pat-na1-abcdefgh', '0123456789abcdef', 'F4KE5ECRET0123']);
  });

  it('takes them out of an echoed answer, the whole header before its token', () => {
    const creds = sentCredentials({ authorization: 'Bearer pat-na1-abcdefgh' }, undefined);
    expect(withoutEchoedCredentials('{"authorization":"Bearer pat-na1-abcdefgh","hint":"token pat-na1-abcdefgh is invalid"}', creds)).to.equal('{"authorization":"[redacted]","hint":"token [redacted] is invalid"}');
  });

  it('leaves short values alone (they would redact ordinary words)', () => {
    expect(sentCredentials({ 'x-api-key': 'abc' }, undefined)).to.deep.equal([]);
  });
});
