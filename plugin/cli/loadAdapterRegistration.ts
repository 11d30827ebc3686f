import { resolve } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import type { Lendwire } from '../app/createLendwire.js';

/** The adapters shipped with the package, registered unless --adapters names another module. */
const BUILT_IN_ADAPTERS = fileURLToPath(new URL('../../adapters/index.js', import.meta.url));

/** What an adapters module registers its adapters on. */
export type AdapterRegistrar = Pick<Lendwire, 'registerLenderAdapter' | 'registerCrmAdapter' | 'registerTransport' | 'registerSignatureScheme'>;

/**
 * The `register(lendwire)` function of an adapters module (`--adapters <module>`),
 * or `registerBuiltInAdapters` of the built-in adapters when none is named.
 */
export async function loadAdapterRegistration(adaptersModule?: string): Promise<(lendwire: AdapterRegistrar) => void> {
  const mod = (await import(pathToFileURL(adaptersModule ? resolve(adaptersModule) : BUILT_IN_ADAPTERS).href)) as {
    register?: (l: AdapterRegistrar) => void;
    registerBuiltInAdapters?: (l: AdapterRegistrar) => void;
  };
  const register = mod.register ?? mod.registerBuiltInAdapters;
  if (typeof register !== 'function') throw new Error(`adapters module ${adaptersModule} exports no register(lendwire) function`);
  return register;
}
