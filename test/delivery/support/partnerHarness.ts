import { createHarness, type Harness, type HarnessOptions } from '../../support/harness.js';
import { answer, startReceiver, type Receiver } from './receiver.js';
import { deliveryManifest, registerWebhook, subscription } from './deliveryTestKit.js';

/** A harness and the receiver its one subscription sends to. */
export interface PartnerHarness {
  h: Harness;
  r: Receiver;
}

/**
 * For a describe block: a harness whose one subscription, `partner`, sends `event` to a
 * receiver on 127.0.0.1 (answering 200 until a test sets its handler), with `delivery` as the
 * manifest's delivery settings. Made before the block's tests, closed after them.
 */
export function partnerHarness(event: string, delivery: Record<string, unknown> = {}, extra: HarnessOptions['extra'] = {}): PartnerHarness {
  const ctx = {} as PartnerHarness;
  before(async () => {
    ctx.r = await startReceiver(answer(200));
    ctx.h = await createHarness({ manifest: deliveryManifest({ subscriptions: [subscription('partner', ctx.r.url, { events: [event] })], delivery }), register: registerWebhook, extra });
  });
  after(async () => {
    await ctx.h?.close();
    await ctx.r?.close();
  });
  return ctx;
}
