import { isStorableText } from '../kernel/storableText.js';
import type { ApplicationRef } from '../sdk/LenderCallbacks.js';

const MAX_KEY_LENGTH = 200;

/**
 * The ordering key of a callback: which application it is about, by the first
 * identifier the vendor gave (its application number, else its id, else ours).
 * Callbacks with the same key are applied in arrival order. A value Postgres could
 * not store (NUL, a lone surrogate) or an absurdly long one gives no key: such a
 * callback is processed on its own, like one the adapter could not place.
 */
export function orderingKeyOf(ref: ApplicationRef | null | undefined): string | null {
  if (!ref) return null;
  const [kind, value] = ref.lenderAppNo ? ['no', ref.lenderAppNo] : ref.lenderAppId ? ['id', ref.lenderAppId] : ref.applicationId ? ['app', ref.applicationId] : [];
  if (typeof value !== 'string' || !value || value.length > MAX_KEY_LENGTH || !isStorableText(value)) return null;
  return `${kind}:${value}`;
}
