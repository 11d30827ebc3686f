export * from './Manifest.js';
export { parseManifest, loadManifestFile, describeAjvErrors } from './loadManifest.js';
export { SecretResolver, isSecretRef } from './SecretResolver.js';
export { HOST_API_VERSION } from './hostApi.js';
export { createAjv } from './createAjv.js';
