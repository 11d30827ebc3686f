import { expect } from 'chai';
import { pino } from 'pino';
import { ExtensionPoint } from '../../plugin/kernel/ExtensionPoint.js';
import { DEFAULT_CALLBACK_MAX_BYTES, LenderRegistry } from '../../plugin/lenders/LenderRegistry.js';
import { SecretResolver } from '../../plugin/manifest/SecretResolver.js';
import type { LenderConfig, Manifest } from '../../plugin/manifest/Manifest.js';
import type { LenderAdapter } from '../../plugin/sdk/LenderAdapter.js';
import type { LenderCallbacks } from '../../plugin/sdk/LenderCallbacks.js';

const lender = (id: string, adapter: string, more: Partial<LenderConfig> = {}) => ({ id, adapter, enabled: true, ...more }) as LenderConfig;

describe('LenderRegistry (lender id -> manifest entry + adapter)', () => {
  const callbacks = {} as LenderCallbacks;
  const manifest = {
    lenders: [
      lender('westlake', 'full'),
      lender('sunhaven', 'webhooks-only', { callbacks: { maxBodyBytes: 2048, maxAgeSeconds: 300 } }),
      lender('paused', 'full', { enabled: false }),
      lender('submit-only', 'no-callbacks'),
      lender('unregistered', 'nobody'),
    ],
  } as unknown as Manifest;
  const adapters = new ExtensionPoint<LenderAdapter>('lender adapter');
  const full: LenderAdapter = { id: 'full', submission: {} as LenderAdapter['submission'], callbacks };
  adapters.register(full);
  adapters.register({ id: 'webhooks-only', callbacks });
  adapters.register({ id: 'no-callbacks', submission: {} as LenderAdapter['submission'] });
  const registry = new LenderRegistry(manifest, adapters, new SecretResolver(), pino({ level: 'silent' }));

  it('finds a manifest lender by id, enabled or not', () => {
    expect(registry.config('westlake')?.adapter).to.equal('full');
    expect(registry.config('paused')?.enabled).to.equal(false);
    expect(registry.config('nope')).to.equal(undefined);
    expect(registry.isConfigured('paused')).to.equal(true);
    expect(registry.isConfigured('nope')).to.equal(false);
  });

  it('gives the adapter registered for a lender, none while it is not registered', () => {
    expect(registry.adapterOf(registry.config('westlake')!)).to.equal(full);
    expect(registry.adapterOf(registry.config('unregistered')!)).to.equal(undefined);
  });

  it('answers for callbacks only for enabled lenders whose adapter takes them (disabled ones when asked)', () => {
    const entry = registry.forCallbacks('westlake')!;
    expect(entry.lender.id).to.equal('westlake');
    expect(entry.callbacks).to.equal(callbacks);
    expect(registry.forCallbacks('westlake')!.ctx).to.equal(entry.ctx); // one context per lender
    expect(registry.forCallbacks('paused')).to.equal(undefined);
    expect(registry.forCallbacks('paused', true)?.lender.id).to.equal('paused');
    expect(registry.forCallbacks('submit-only')).to.equal(undefined);
    expect(registry.forCallbacks('unregistered')).to.equal(undefined);
    expect(registry.forCallbacks('nope', true)).to.equal(undefined);
  });

  it('limits callback bodies to the lender setting, 1 MiB by default', () => {
    expect(registry.callbackMaxBytes(registry.config('sunhaven')!)).to.equal(2048);
    expect(registry.callbackMaxBytes(registry.config('westlake')!)).to.equal(DEFAULT_CALLBACK_MAX_BYTES);
    expect(DEFAULT_CALLBACK_MAX_BYTES).to.equal(1024 * 1024);
  });
});
