import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadAdapterRegistration } from './loadAdapterRegistration.js';
import { manifestSchemaText } from './manifestSchemaFor.js';

/** `lendwire manifest-schema`: writes the combined manifest schema and returns the file's path. */
export async function runManifestSchema(out = 'plugin.manifest.schema.json', adaptersModule?: string): Promise<string> {
  const path = resolve(out);
  writeFileSync(path, manifestSchemaText(await loadAdapterRegistration(adaptersModule)));
  return path;
}
