import { describeFileTransportConformance } from 'lendwire/testing';
import { buildBatchFile, createBatchFileTransport } from '../../adapters/transports/batch-file/index.js';

// The built-in batch-file transport (sftp:// sink) against the file-transport kit, imported as a partner would:
// one event per batch (maxRecords 1), `ctx.batches` the kit's in-memory one; each event lands as the batch's
// JSON Lines file and its sidecar.
describeFileTransportConformance({
  transport: createBatchFileTransport(),
  settings: ({ username, password, hostKeySha256 }) => ({ format: 'jsonl', maxRecords: 1, maxAge: '1m', pathTemplate: '/conformance/{batchId}', sftp: { username, password, hostKeySha256 } }),
  files: (message, joined) => {
    if (!joined) return [{ path: `(no batch joined by ${message.id})`, bytes: Buffer.alloc(0) }];
    const name = `${joined.batch.id}.jsonl`;
    const built = buildBatchFile(joined.batch.id, name, joined.records, { format: 'jsonl', columns: [] });
    return [
      { path: `/conformance/${name}`, bytes: built.data },
      { path: `/conformance/${name}.sha256.json`, bytes: built.sidecar },
    ];
  },
});
