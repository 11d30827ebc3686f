import { inject, injectable } from 'inversify';
import type { Logger } from 'pino';
import { TOKENS } from '../kernel/tokens.js';
import type { ExtensionPoint } from '../kernel/ExtensionPoint.js';
import type { LenderConfig, Manifest } from '../manifest/Manifest.js';
import type { SecretResolver } from '../manifest/SecretResolver.js';
import type { AdapterContext } from '../sdk/AdapterContext.js';
import type { LenderAdapter } from '../sdk/LenderAdapter.js';
import type { LenderCallbacks } from '../sdk/LenderCallbacks.js';

export interface CallbackLender {
  lender: LenderConfig;
  callbacks: LenderCallbacks;
  ctx: AdapterContext;
}

/** Default callback body limit when the manifest lender has no `callbacks.maxBodyBytes`. */
export const DEFAULT_CALLBACK_MAX_BYTES = 1024 * 1024;

/** Manifest lenders whose adapter takes callbacks, with the adapter context each call gets. */
@injectable()
export class LenderDirectory {
  private readonly contexts = new Map<string, AdapterContext>();

  constructor(
    @inject(TOKENS.Manifest) private readonly manifest: Manifest,
    @inject(TOKENS.LenderAdapters) private readonly adapters: ExtensionPoint<LenderAdapter>,
    @inject(TOKENS.Secrets) private readonly secrets: SecretResolver,
    @inject(TOKENS.Logger) private readonly logger: Logger,
  ) {}

  /**
   * The lender a callback URL names, if it exists, is enabled and its adapter
   * takes callbacks. `includeDisabled` is for stored callbacks: they are still
   * processed after a lender was disabled.
   */
  find(lenderId: string, includeDisabled = false): CallbackLender | undefined {
    const lender = this.manifest.lenders.find((l) => l.id === lenderId);
    if (!lender || (!lender.enabled && !includeDisabled)) return undefined;
    if (!this.adapters.has(lender.adapter)) return undefined;
    const callbacks = this.adapters.get(lender.adapter).callbacks;
    if (!callbacks) return undefined;
    return { lender, callbacks, ctx: this.contextFor(lender) };
  }

  /** Whether the manifest names this lender at all (disabled or not): only such ids are used as metric labels. */
  isConfigured(lenderId: string): boolean {
    return this.manifest.lenders.some((l) => l.id === lenderId);
  }

  maxBodyBytes(lender: LenderConfig): number {
    return lender.callbacks?.maxBodyBytes ?? DEFAULT_CALLBACK_MAX_BYTES;
  }

  private contextFor(lender: LenderConfig): AdapterContext {
    let ctx = this.contexts.get(lender.id);
    if (!ctx) {
      const secrets = this.secrets;
      ctx = { logger: this.logger.child({ component: 'callbacks', lender: lender.id, adapter: lender.adapter }), secret: (ref) => secrets.reveal(ref) };
      this.contexts.set(lender.id, ctx);
    }
    return ctx;
  }
}
