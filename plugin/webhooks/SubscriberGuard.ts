import { inject, injectable } from 'inversify';
import { TOKENS } from '../kernel/tokens.js';
import type { Manifest } from '../manifest/Manifest.js';
import { OutboundGuard } from '../outbound/OutboundGuard.js';

/** The SSRF guard as the manifest's `security` section sets it up for subscriber endpoints. */
@injectable()
export class SubscriberGuard extends OutboundGuard {
  constructor(@inject(TOKENS.Manifest) manifest: Pick<Manifest, 'security'>) {
    super(manifest.security);
  }
}
