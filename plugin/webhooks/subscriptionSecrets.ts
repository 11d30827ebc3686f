import { randomBytes } from 'node:crypto';
import type { SecretResolver } from '../manifest/SecretResolver.js';
import type { Sealer } from '../security/Sealer.js';
import type { SubscriptionRecord } from './SubscriptionRecord.js';

/** How long a rotated-out secret keeps signing alongside the new one. */
export const ROTATION_OVERLAP_MS = 24 * 3_600_000;

/** A new Standard Webhooks secret: `whsec_` + base64 of 32 random bytes. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** `whsec_<base64>` of 24 to 64 key bytes. */
export function isWebhookSecret(text: string): boolean {
  if (!/^whsec_[A-Za-z0-9+/]+={0,2}$/.test(text)) return false;
  const bytes = Buffer.from(text.slice(6), 'base64').length;
  return bytes >= 24 && bytes <= 64;
}

/** The secret currently signing (a sealed one set by the API or a rotation wins over the manifest reference). */
export function currentSecret(s: SubscriptionRecord, sealer: Sealer, secrets: SecretResolver): string | null {
  if (s.secretSealed) return sealer.open(s.secretSealed).toString('utf8');
  if (s.secretRef) return secrets.reveal(s.secretRef);
  return null;
}

/** Secrets that sign a message now: the current one, plus the previous one during a rotation's overlap. */
export function signingSecrets(s: SubscriptionRecord, sealer: Sealer, secrets: SecretResolver, now: Date): string[] {
  const list: string[] = [];
  const current = currentSecret(s, sealer, secrets);
  if (current) list.push(current);
  if (s.previousSecretSealed && s.previousSecretExpiresAt && s.previousSecretExpiresAt > now) {
    list.push(sealer.open(s.previousSecretSealed).toString('utf8'));
  }
  return list;
}
