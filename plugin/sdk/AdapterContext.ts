import type { Logger } from 'pino';
import type { SecretRef } from '../manifest/Manifest.js';

/** What every adapter call gets from the core: its logger and access to secrets. */
export interface AdapterContext {
  readonly logger: Logger;
  /** Resolves a secret reference from the manifest (already checked at start). */
  secret(ref: SecretRef): string;
}
