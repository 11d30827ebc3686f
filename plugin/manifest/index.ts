export * from './Manifest.js';
export { readManifest, readManifestFile, describeAjvErrors } from './loadManifest.js';
export type { ManifestCheck } from './ManifestCheck.js';
export { SecretResolver, isSecretRef } from './SecretResolver.js';
export { HOST_API_VERSION } from './hostApi.js';
export { createAjv } from './createAjv.js';
export { ADAPTER_SETTINGS_KEYS, MANIFEST_SCHEMA_ID, type AdapterBlockKind } from './adapterSettingsKeys.js';
export { adapterSettingsProblems } from './adapterSettingsProblems.js';
export { combinedManifestSchema, type AdapterSettingsEntry } from './combinedManifestSchema.js';
