import type { ManifestCheck } from '../manifest/ManifestCheck.js';
import { checkCrmTargets } from '../crm/checkCrmTargets.js';

/** Every feature's cross-field rules on the manifest, run whenever a manifest is read. */
export const manifestChecks: readonly ManifestCheck[] = [checkCrmTargets];
