import { ContainerModule } from 'inversify';
import { TOKENS } from '../kernel/tokens.js';
import { createSealer } from './createSealer.js';

/** Binds the PII / secret Sealer (AES-256-GCM) built from the manifest's `security.encryption`. */
export const securityModule = new ContainerModule((bind) => {
  bind(TOKENS.Sealer)
    .toDynamicValue((ctx) => createSealer(ctx.container.get(TOKENS.Manifest), ctx.container.get(TOKENS.Secrets)))
    .inSingletonScope();
});
