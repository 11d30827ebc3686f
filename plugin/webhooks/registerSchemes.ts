import type { ExtensionPoint } from '../kernel/ExtensionPoint.js';
import type { SignatureScheme } from '../sdk/SignatureScheme.js';

/**
 * Registers signature schemes a transport brings. A scheme already registered
 * as that very object (two transports sharing the built-ins) is skipped;
 * another scheme under a taken name is refused like any duplicate.
 */
export function registerSchemes(registry: ExtensionPoint<SignatureScheme>, schemes: readonly SignatureScheme[]): void {
  for (const scheme of schemes) {
    if (scheme && registry.has(scheme.id) && registry.get(scheme.id) === scheme) continue;
    registry.register(scheme);
  }
}
