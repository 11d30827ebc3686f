import { expect } from 'chai';
import { mapEvent, type CrmEventSource } from '../../plugin/crm/mapEvent.js';
import { readCrmMapping } from '../../plugin/crm/CrmMapping.js';
import { toCrmValue } from '../../plugin/crm/toCrmValue.js';
import { dropSuperseded } from '../../plugin/crm/dropSuperseded.js';
import { crmTarget, fixture } from './crmTestSupport.js';

const approved = () => fixture<CrmEventSource>('event.approved.json');
const withdrawn = () => fixture<CrmEventSource>('event.withdrawn.json');

const target = (extra: Record<string, unknown> = {}) =>
  crmTarget({
    id: 'hs',
    adapter: 'hubspot',
    link: { by: 'externalRef', property: 'lendwire_deal_ref', name: 'Finance {application.externalRef}', closeInDays: 45 },
    stages: { conditioned: 'qualifiedtobuy', funded: 'closedwon', declined: 'closedlost' },
    fields: {
      'data.decision.apr': { property: 'lendwire_apr', type: 'number' },
      'data.decision.term': 'lendwire_term_months',
      'data.decision.decidedAt': { property: 'lendwire_decided_on', type: 'date' },
      'application.lenderId': 'lendwire_lender',
      'data.lenderStatus': 'lendwire_lender_status',
      'data.booked.fundedAt': { property: 'lendwire_funded_at', type: 'datetime' },
    },
    actions: { withdrawn: { type: 'task', subject: 'Reactivate {application.externalRef}', body: 'Reason: {data.reason}', dueInDays: 3, priority: 'high' } },
    ...extra,
  });

describe('CRM mapping engine (mapEvent)', () => {
  it('maps a status change to the stage, typed fields and the deal link from a recorded event', () => {
    const result = mapEvent(approved(), readCrmMapping(target()));
    expect(result.kind).to.equal('operation');
    if (result.kind !== 'operation') return;
    expect(result.warnings).to.deep.equal([]);
    expect(result.operation).to.deep.equal({
      eventId: 'msg_01JDX5Q3N8ZB6W8K3V1T2R4Y5Z',
      eventType: 'application.status_changed',
      applicationId: 'app_01JDX5M0C2R8J6E3ZP7Q9K1V4B',
      deal: { property: 'lendwire_deal_ref', value: 'DMS-DEAL-7781', create: true, name: 'Finance DMS-DEAL-7781', closeDate: '2027-01-04' },
      stage: 'qualifiedtobuy',
      properties: {
        // "8.19" arrives as a string from the vendor and is declared a number.
        lendwire_apr: { type: 'number', value: 8.19 },
        lendwire_term_months: { type: 'number', value: 72 },
        lendwire_decided_on: { type: 'date', value: '2026-11-20' },
        lendwire_lender: { type: 'string', value: 'westlake' },
        lendwire_lender_status: { type: 'string', value: 'Conditioned' },
      },
      tasks: [],
    });
  });

  it('leaves the stage alone for a status without a mapping but still syncs the fields', () => {
    const event = approved();
    event.data.status = 'pending';
    const result = mapEvent(event, readCrmMapping(target()));
    if (result.kind !== 'operation') throw new Error(result.reason);
    expect(result.operation).not.to.have.property('stage');
    expect(result.operation.properties).to.have.property('lendwire_apr');
  });

  it('turns "withdrawn" into a reactivation task due in the configured days, rendered from the event', () => {
    const result = mapEvent(withdrawn(), readCrmMapping(target()));
    if (result.kind !== 'operation') throw new Error(result.reason);
    expect(result.operation.stage).to.equal(undefined);
    expect(result.operation.tasks).to.deep.equal([
      { subject: 'Reactivate DMS-DEAL-7781', body: 'Reason: customer chose another lender', dueDate: '2026-11-24', dueAt: '2026-11-24T09:00:00.000Z', priority: 'high' },
    ]);
  });

  it('creates no task when the event repeats the status it was already in', () => {
    const event = withdrawn();
    event.data.previousStatus = 'withdrawn';
    const result = mapEvent(event, readCrmMapping(target()));
    if (result.kind !== 'operation') throw new Error(result.reason);
    expect(result.operation.tasks).to.deep.equal([]);
    expect(result.operation.properties.lendwire_lender_status).to.deep.equal({ type: 'string', value: 'Withdrawn' });
  });

  it('maps a data-only update (application.updated) to its fields only: no stage move, no task', () => {
    const event = withdrawn();
    event.type = 'application.updated';
    delete event.data.previousStatus;
    event.data.booked = { fundedAt: '2026-11-24T08:58:00Z' };
    const result = mapEvent(event, readCrmMapping(target()));
    if (result.kind !== 'operation') throw new Error(result.reason);
    expect(result.operation).not.to.have.property('stage');
    expect(result.operation.tasks).to.deep.equal([]);
    expect(result.operation.properties.lendwire_funded_at).to.deep.equal({ type: 'datetime', value: '2026-11-24T08:58:00.000Z' });
  });

  it('links by application id by default', () => {
    const crm = target({ link: { property: 'lendwire_application_id' } });
    const result = mapEvent(approved(), readCrmMapping(crm));
    if (result.kind !== 'operation') throw new Error(result.reason);
    expect(result.operation.deal).to.include({ property: 'lendwire_application_id', value: 'app_01JDX5M0C2R8J6E3ZP7Q9K1V4B', name: 'Finance application app_01JDX5M0C2R8J6E3ZP7Q9K1V4B' });
  });

  it('skips (does not fail) an application without the externalRef the link needs', () => {
    const event = approved();
    event.application = { ...event.application, externalRef: null };
    const result = mapEvent(event, readCrmMapping(target()));
    expect(result).to.deep.include({ kind: 'skip' });
    expect((result as { reason: string }).reason).to.match(/no externalRef/);
  });

  it('leaves out a field whose value cannot be converted, with a warning naming it, and keeps the rest', () => {
    const event = approved();
    (event.data.decision as Record<string, unknown>).apr = '8.19%';
    const result = mapEvent(event, readCrmMapping(target()));
    if (result.kind !== 'operation') throw new Error(result.reason);
    expect(result.operation.properties).not.to.have.property('lendwire_apr');
    expect(result.operation.stage).to.equal('qualifiedtobuy');
    expect(result.warnings).to.have.length(1);
    expect(result.warnings[0].message).to.match(/data\.decision\.apr is "8\.19%", not a number; lendwire_apr was not updated/);
  });

  it('sends null to clear a property, and omits properties absent from the event', () => {
    const event = approved();
    event.data.lenderStatus = null;
    const result = mapEvent(event, readCrmMapping(target()));
    if (result.kind !== 'operation') throw new Error(result.reason);
    expect(result.operation.properties.lendwire_lender_status).to.deep.equal({ type: 'null', value: null });
    expect(result.operation.properties).not.to.have.property('lendwire_funded_at');
  });

  it('skips events that carry nothing the mapping uses', () => {
    const crm = target({ fields: {}, stages: { funded: 'closedwon' } });
    const result = mapEvent(approved(), readCrmMapping(crm));
    expect(result.kind).to.equal('skip');
  });
});

describe('CRM value conversion (toCrmValue)', () => {
  it('converts per declared type and rejects what does not fit', () => {
    expect(toCrmValue('21,529.69', 'number')).to.deep.equal({ ok: false, reason: 'is "21,529.69", not a number' });
    expect(toCrmValue('72', 'integer')).to.deep.equal({ ok: true, value: { type: 'number', value: 72 } });
    expect(toCrmValue(72.5, 'integer').ok).to.equal(false);
    expect(toCrmValue('yes', 'boolean')).to.deep.equal({ ok: true, value: { type: 'boolean', value: true } });
    expect(toCrmValue('2026-11-20T23:30:00-05:00', 'date')).to.deep.equal({ ok: true, value: { type: 'date', value: '2026-11-21' } });
    expect(toCrmValue('2026-11-20 15:21:40', 'datetime')).to.deep.equal({ ok: true, value: { type: 'datetime', value: '2026-11-20T15:21:40.000Z' } });
    expect(toCrmValue(1763652100000, 'datetime')).to.deep.equal({ ok: true, value: { type: 'datetime', value: '2025-11-20T15:21:40.000Z' } });
    expect(toCrmValue('not a date', 'date').ok).to.equal(false);
    expect(toCrmValue(['POI', 'POR'], 'string')).to.deep.equal({ ok: true, value: { type: 'string', value: 'POI;POR' } });
    expect(toCrmValue({ a: 1 }).ok).to.equal(false);
  });
});

describe('dropSuperseded', () => {
  it('keeps only what newer synced events did not write, and always the tasks', () => {
    const older = mapEvent(withdrawn(), readCrmMapping(target({ stages: { withdrawn: 'closedlost' } })));
    if (older.kind !== 'operation') throw new Error(older.reason);
    const newerWithStage = { ...older.operation, stage: 'closedwon', properties: { lendwire_lender: { type: 'string' as const, value: 'westlake' } }, tasks: [] };
    const { operation, dropped } = dropSuperseded(older.operation, [newerWithStage]);
    expect(dropped).to.deep.equal(['stage', 'lendwire_lender']);
    expect(operation).not.to.have.property('stage');
    expect(operation.properties).to.deep.equal({ lendwire_lender_status: { type: 'string', value: 'Withdrawn' } });
    expect(operation.tasks).to.have.length(1);
    expect(dropSuperseded(older.operation, [{ ...newerWithStage, stage: undefined }]).operation.stage).to.equal('closedlost');
  });
});
