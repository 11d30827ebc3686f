export * from './Manifest.js';
export { readManifest, readManifestFile, describeAjvErrors } from './loadManifest.js';
export type { ManifestCheck } from './ManifestCheck.js';
export { SecretResolver, isSecretRef } from './SecretResolver.js';
export { HOST_API_VERSION } from './hostApi.js';
export { createAjv } from './createAjv.js';
