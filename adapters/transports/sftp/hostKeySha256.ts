import { createHash } from 'node:crypto';

/** `SHA256:<base64 without padding>` of a raw SSH host key, the form `ssh-keygen -l -E sha256` prints. */
export function hostKeySha256(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}
