import type { FieldProblem } from '../errors/index.js';
import type { Manifest } from './Manifest.js';

/**
 * A feature's cross-field rule on the manifest that the JSON Schema cannot
 * express (e.g. CRM stage keys must be statuses). Features contribute them; the
 * composition root passes them to readManifest, so the manifest kernel imports no feature.
 */
export type ManifestCheck = (manifest: Manifest) => FieldProblem[];
