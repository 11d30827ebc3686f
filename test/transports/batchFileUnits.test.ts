import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { buildBatchFile } from '../../adapters/transports/batch-file/index.js';
import { renderRemotePath } from '../../adapters/transports/sftp/index.js';
import type { BatchRecord } from '../../plugin/index.js';

function record(id: string, data: Record<string, unknown>): BatchRecord {
  const envelope = { type: 'application.status_changed', timestamp: '2026-12-04T00:00:00.000Z', data };
  return { eventId: id, type: envelope.type, timestamp: envelope.timestamp, body: JSON.stringify(envelope) };
}

describe('batch files, built from stored records', () => {
  const records = [record('msg_1', { applicationId: 'app_1', note: 'plain' }), record('msg_2', { applicationId: 'app_2', note: 'has, comma and "quotes"\nand a newline', nested: { a: 1 } })];

  it('JSON Lines: one {"id",...envelope} line per record, and a sidecar with count and SHA-256 of the data', () => {
    const built = buildBatchFile('bat_x_1', 'bat_x_1.jsonl', records, { format: 'jsonl', columns: [] });
    const lines = built.data.toString('utf8').split('\n');
    expect(lines).to.have.length(3);
    expect(lines[2]).to.equal('');
    expect(JSON.parse(lines[1])).to.deep.equal({ id: 'msg_2', ...JSON.parse(records[1].body) });
    expect(built.sha256).to.equal(createHash('sha256').update(built.data).digest('hex'));
    expect(JSON.parse(built.sidecar.toString('utf8'))).to.deep.equal({ batchId: 'bat_x_1', file: 'bat_x_1.jsonl', format: 'jsonl', records: 2, sha256: built.sha256 });
  });

  it('CSV: header row, RFC 4180 quoting, objects as JSON, missing values empty, CRLF', () => {
    const columns = [
      { header: 'id', path: 'id' },
      { header: 'application', path: 'data.applicationId' },
      { header: 'note', path: 'data.note' },
      { header: 'nested', path: 'data.nested' },
      { header: 'missing', path: 'data.nope.deeper' },
    ];
    const text = buildBatchFile('bat_x_2', 'bat_x_2.csv', records, { format: 'csv', columns }).data.toString('utf8');
    expect(text).to.equal(
      'id,application,note,nested,missing\r\n' + 'msg_1,app_1,plain,,\r\n' + 'msg_2,app_2,"has, comma and ""quotes""\nand a newline","{""a"":1}",\r\n',
    );
  });

  it('the same records give the same bytes (what makes a replay rebuild an identical file)', () => {
    const a = buildBatchFile('bat_x_3', 'f.jsonl', records, { format: 'jsonl', columns: [] });
    const b = buildBatchFile('bat_x_3', 'f.jsonl', records.map((r) => ({ ...r })), { format: 'jsonl', columns: [] });
    expect(a.data.equals(b.data) && a.sidecar.equals(b.sidecar)).to.equal(true);
  });

  it('path values never add directories', () => {
    expect(renderRemotePath('/inbox/{date}/{eventType}-{eventId}.json', { date: '2026-12-04', eventType: 'a/../b', eventId: 'msg\\1' })).to.equal('/inbox/2026-12-04/a_.._b-msg_1.json');
    expect(renderRemotePath('/inbox/{eventType}/{eventId}.json', { eventType: '..', eventId: '1' })).to.equal('/inbox/_/1.json');
  });
});
