import type { CrmSyncOperation } from '../sdk/CrmAdapter.js';

/**
 * An older event sent after newer ones about the same deal (a retry, a replay)
 * must not overwrite what they wrote: its stage goes when a newer event set a
 * stage, its properties go when a newer event set them. Tasks stay: they are
 * follow-ups of something that did happen. Pure.
 */
export function dropSuperseded(older: CrmSyncOperation, newer: readonly CrmSyncOperation[]): { operation: CrmSyncOperation; dropped: string[] } {
  const dropped: string[] = [];
  const stageTaken = newer.some((op) => op.stage !== undefined);
  const taken = new Set(newer.flatMap((op) => Object.keys(op.properties)));
  const properties: CrmSyncOperation['properties'] = {};
  for (const [name, value] of Object.entries(older.properties)) {
    if (taken.has(name)) dropped.push(name);
    else properties[name] = value;
  }
  const operation: CrmSyncOperation = { ...older, properties };
  if (older.stage !== undefined && stageTaken) {
    delete operation.stage;
    dropped.unshift('stage');
  }
  return { operation, dropped };
}
