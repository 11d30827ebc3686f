import { inject, injectable } from 'inversify';
import type { Logger } from 'pino';
import { TOKENS } from '../kernel/tokens.js';
import type { ExtensionPoint } from '../kernel/ExtensionPoint.js';
import type { LenderConfig, Manifest } from '../manifest/Manifest.js';
import type { SecretResolver } from '../manifest/SecretResolver.js';
import type { AdapterContext } from '../sdk/AdapterContext.js';
import type { LenderAdapter } from '../sdk/LenderAdapter.js';
import type { LenderCallbacks } from '../sdk/LenderCallbacks.js';

/** A manifest lender whose adapter takes callbacks, with the context each callback call gets. */
export interface CallbackLender {
  lender: LenderConfig;
  callbacks: LenderCallbacks;
  ctx: AdapterContext;
}

/** Default callback body limit when the manifest lender has no `callbacks.maxBodyBytes`. */
export const DEFAULT_CALLBACK_MAX_BYTES = 1024 * 1024;

/**
 * The one lookup from a lender id to its manifest entry and its registered
 * adapter: the dealer API (may it take submissions?), the submission worker
 * (whom to call) and callback ingest and processing (who parses it) all ask it.
 */
@injectable()
export class LenderRegistry {
  private readonly callbackContexts = new Map<string, AdapterContext>();

  constructor(
    @inject(TOKENS.Manifest) private readonly manifest: Manifest,
    @inject(TOKENS.LenderAdapters) private readonly adapters: ExtensionPoint<LenderAdapter>,
    @inject(TOKENS.Secrets) private readonly secrets: SecretResolver,
    @inject(TOKENS.Logger) private readonly logger: Logger,
  ) {}

  /** The manifest's lender with this id, enabled or not. */
  config(lenderId: string): LenderConfig | undefined {
    return this.manifest.lenders.find((l) => l.id === lenderId);
  }

  /** Whether the manifest names this lender at all (disabled or not): only such ids are used as metric labels. */
  isConfigured(lenderId: string): boolean {
    return this.config(lenderId) !== undefined;
  }

  /** The adapter registered under the lender's `adapter` id; undefined while none is (start() refuses to run then). */
  adapterOf(lender: LenderConfig): LenderAdapter | undefined {
    return this.adapters.has(lender.adapter) ? this.adapters.get(lender.adapter) : undefined;
  }

  /**
   * The lender a callback URL names, if it exists, is enabled and its adapter
   * takes callbacks. `includeDisabled` is for stored callbacks: they are still
   * processed after a lender was disabled.
   */
  forCallbacks(lenderId: string, includeDisabled = false): CallbackLender | undefined {
    const lender = this.config(lenderId);
    if (!lender || (!lender.enabled && !includeDisabled)) return undefined;
    const callbacks = this.adapterOf(lender)?.callbacks;
    if (!callbacks) return undefined;
    return { lender, callbacks, ctx: this.callbackContext(lender) };
  }

  /** The largest callback body this lender accepts. */
  callbackMaxBytes(lender: LenderConfig): number {
    return lender.callbacks?.maxBodyBytes ?? DEFAULT_CALLBACK_MAX_BYTES;
  }

  private callbackContext(lender: LenderConfig): AdapterContext {
    let ctx = this.callbackContexts.get(lender.id);
    if (!ctx) {
      const secrets = this.secrets;
      ctx = { logger: this.logger.child({ component: 'callbacks', lender: lender.id, adapter: lender.adapter }), secret: (ref) => secrets.reveal(ref) };
      this.callbackContexts.set(lender.id, ctx);
    }
    return ctx;
  }
}
