import { expect } from 'chai';
import { parseManifest } from '../../plugin/index.js';
import { ConfigurationError } from '../../plugin/index.js';
import { testManifest } from '../support/testManifest.js';
import { createHarness } from '../support/harness.js';
import { createHubspotAdapter } from '../../adapters/crm/hubspot/index.js';
import { createSalesforceAdapter } from '../../adapters/crm/salesforce/index.js';
import { createPipedriveAdapter } from '../../adapters/crm/pipedrive/index.js';

function problemsOf(crm: unknown[]): { path: string; message: string }[] {
  try {
    parseManifest(testManifest({ crm }));
  } catch (err) {
    expect(err).to.be.instanceOf(ConfigurationError);
    return (err as ConfigurationError).problems;
  }
  return [];
}

const valid = {
  id: 'hubspot-main',
  adapter: 'hubspot',
  credentials: { accessToken: { env: 'HUBSPOT_TOKEN' } },
  link: { property: 'lendwire_application_id' },
  stages: { approved: 'qualifiedtobuy', funded: 'closedwon' },
  fields: { 'data.decision.apr': { property: 'lendwire_apr', type: 'number' } },
  actions: { withdrawn: { type: 'task', subject: 'Reactivate {application.externalRef}', dueInDays: 2 } },
};

describe('manifest: crm[] validation at load', () => {
  it('accepts a complete CRM target and fills in the defaults', () => {
    const crm = parseManifest(testManifest({ crm: [valid] })).crm[0];
    expect(crm.enabled).to.equal(true);
    expect(crm.link).to.deep.equal({ property: 'lendwire_application_id', by: 'applicationId', create: true, closeInDays: 30 });
    expect(crm.timeoutMs).to.equal(15000);
  });

  it('names an unknown status in stages and actions by its JSON path, with a suggestion', () => {
    const problems = problemsOf([{ ...valid, stages: { aproved: 'qualifiedtobuy' }, actions: { withdraw: { type: 'task', subject: 'x' } } }]);
    expect(problems.map((p) => p.path)).to.deep.equal(['/crm/0/stages/aproved', '/crm/0/actions/withdraw']);
    expect(problems[0].message).to.match(/"aproved" is not an application status \(did you mean "approved"\?/);
    expect(problems[1].message).to.match(/did you mean "withdrawn"/);
  });

  it('rejects field paths and template placeholders that are not event paths', () => {
    const problems = problemsOf([
      {
        ...valid,
        fields: { 'decision.apr': 'lendwire_apr', 'data..term': 'lendwire_term', 'data.stipulations.0.code': 'lendwire_first_stip', data: 'lendwire_all' },
        link: { property: 'lendwire_application_id', name: 'Finance {application externalRef}' },
      },
    ]);
    expect(problems.map((p) => p.path)).to.deep.equal(['/crm/0/fields/decision.apr', '/crm/0/fields/data..term', '/crm/0/fields/data', '/crm/0/link/name']);
    expect(problems[0].message).to.match(/must start with one of eventId, type, timestamp, applicationId, dealerId, data, application/);
    expect(problems[1].message).to.match(/segment "" is not a property name/);
    expect(problems[3].message).to.match(/placeholder \{application externalRef\}/);
  });

  it('rejects a field that would overwrite the link property, and a property mapped twice', () => {
    const problems = problemsOf([{ ...valid, fields: { 'data.applicationId': 'lendwire_application_id', 'data.status': 'x', 'data.lenderStatus': 'x' } }]);
    expect(problems.map((p) => p.path)).to.deep.equal(['/crm/0/fields/data.applicationId', '/crm/0/fields/data.lenderStatus']);
  });

  it('reports schema problems by path: missing link, unknown keys, bad field types and bad event filters', () => {
    const problems = problemsOf([
      { id: 'a', adapter: 'hubspot' },
      { ...valid, id: 'b', link: { property: 'p', by: 'vin' }, fields: { 'data.x': { property: 'y', type: 'money' } }, events: ['Application.Status'], color: 'red' },
    ]);
    const paths = problems.map((p) => p.path);
    expect(paths).to.include('/crm/0/link');
    expect(paths).to.include('/crm/1/link/by');
    expect(paths).to.include('/crm/1/fields/data.x/type');
    expect(paths).to.include('/crm/1/events/0');
    expect(paths).to.include('/crm/1/color');
  });

  it('lists unknown adapters and adapter-specific problems at start, every one by path', async () => {
    let error: unknown;
    const h = await createHarness({
      start: false,
      manifest: testManifest({
        crm: [
          { ...valid, id: 'ghost', adapter: 'zoho', credentials: { accessToken: { env: 'PATH' } } },
          { id: 'sf', adapter: 'salesforce', credentials: { clientId: { env: 'PATH' } }, link: { property: 'Lendwire Id' }, stages: {} },
          { id: 'pd', adapter: 'pipedrive', credentials: { apiToken: { env: 'PATH' } }, link: { property: 'not-a-key' }, stages: { approved: 'Qualified' } },
        ],
      }),
      register(lw) {
        lw.registerCrmAdapter(createHubspotAdapter());
        lw.registerCrmAdapter(createSalesforceAdapter());
        lw.registerCrmAdapter(createPipedriveAdapter());
      },
    });
    try {
      await h.lendwire.start();
    } catch (err) {
      error = err;
    }
    try {
      expect(error).to.be.instanceOf(ConfigurationError);
      expect((error as ConfigurationError).problems.map((p) => p.path)).to.deep.equal(['/crm/0/adapter']);
      expect((error as Error).message).to.match(/CRM adapter "zoho" is not registered \(registered: hubspot, salesforce, pipedrive\)/);
    } finally {
      await h.close();
    }

    const h2 = await createHarness({
      start: false,
      manifest: testManifest({
        crm: [
          { id: 'sf', adapter: 'salesforce', credentials: { clientId: { env: 'PATH' } }, link: { property: 'Lendwire Id' } },
          { id: 'pd', adapter: 'pipedrive', credentials: { apiToken: { env: 'PATH' } }, link: { property: 'not-a-key' }, stages: { approved: 'Qualified' } },
        ],
      }),
      register(lw) {
        lw.registerCrmAdapter(createSalesforceAdapter());
        lw.registerCrmAdapter(createPipedriveAdapter());
      },
    });
    error = undefined;
    try {
      await h2.lendwire.start();
    } catch (err) {
      error = err;
    }
    try {
      expect(error).to.be.instanceOf(ConfigurationError);
      expect((error as ConfigurationError).problems.map((p) => p.path)).to.deep.equal([
        '/crm/0/baseUrl',
        '/crm/0/credentials/clientSecret',
        '/crm/0/link/property',
        '/crm/0/link/initialStage',
        '/crm/1/link/property',
        '/crm/1/stages/approved',
      ]);
    } finally {
      await h2.close();
    }
  });
});
