import type { Manifest } from '../manifest/Manifest.js';
import type { SecretResolver } from '../manifest/SecretResolver.js';
import { Sealer } from './Sealer.js';

/** The installation's Sealer from `security.encryption` (a disabled one when the manifest has none). */
export function createSealer(manifest: Manifest, secrets: SecretResolver): Sealer {
  const encryption = manifest.security.encryption;
  if (!encryption) return new Sealer({}, undefined);
  const keys = Object.fromEntries(Object.entries(encryption.keys).map(([id, ref]) => [id, secrets.reveal(ref)]));
  return new Sealer(keys, encryption.activeKeyId);
}
