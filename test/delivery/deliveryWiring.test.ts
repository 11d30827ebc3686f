import { expect } from 'chai';
import knexFactory from 'knex';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { createContainer } from '../../plugin/app/createContainer.js';
import { parseManifest } from '../../plugin/index.js';
import { RunState } from '../../plugin/app/RunState.js';
import { SecretResolver } from '../../plugin/manifest/SecretResolver.js';
import { systemClock } from '../../plugin/kernel/Clock.js';
import { TOKENS } from '../../plugin/kernel/tokens.js';
import { DELIVERY_TOKENS } from '../../plugin/delivery/tokens.js';
import { WEBHOOKS_TOKENS } from '../../plugin/webhooks/tokens.js';
import { CRM_TOKENS } from '../../plugin/crm/tokens.js';
import { TargetStateStore } from '../../plugin/delivery/TargetStateStore.js';
import { LocalDeliveries } from '../../plugin/delivery/LocalDeliveries.js';
import { SubscriptionStore } from '../../plugin/webhooks/SubscriptionStore.js';
import { testManifest } from '../support/testManifest.js';

/** The one own field of `service` holding an instance of `type` (how a test sees what a class was given). */
function fieldOf<T>(service: object, type: abstract new (...args: never[]) => T): T {
  const found = Object.values(service).filter((v): v is T => v instanceof type);
  expect(found, `${service.constructor.name} holds one ${type.name}`).to.have.length(1);
  return found[0];
}

describe('delivery-side wiring (the container, nothing connected)', () => {
  const knex = knexFactory({ client: 'pg' });
  const redis = new Redis({ lazyConnect: true });
  const container = createContainer({
    config: { schema: 'lendwire', queuePrefix: '{lendwire-wiring}', runWorkers: true, shutdownTimeoutMs: 1000, baseDir: '.', preparedStatements: true },
    manifest: parseManifest(testManifest()),
    secrets: new SecretResolver(),
    knex,
    redis,
    logger: pino({ level: 'silent' }),
    auth: () => null,
    clock: systemClock,
    run: new RunState(),
    tuning: {},
  });
  after(async () => {
    redis.disconnect();
    await knex.destroy();
  });

  it('starts the subscription sync before the delivery worker, then the relay and the reconciler', () => {
    const names = container.getAll(TOKENS.Startable).map((s) => s.name);
    const at = (name: string) => names.indexOf(name);
    expect(at('subscription-sync')).to.be.above(-1);
    expect(at('subscription-sync')).to.be.below(at('delivery-worker'));
    expect(at('delivery-worker')).to.be.below(at('outbox-relay'));
    expect(at('outbox-relay')).to.be.below(at('delivery-reconciler'));
    expect(names.filter((n) => n === 'delivery-reconciler')).to.have.length(1);
  });

  it('hands the relay, the worker and the reconciler the one LocalDeliveries', () => {
    const local = container.get(DELIVERY_TOKENS.LocalDeliveries);
    const startables = container.getAll(TOKENS.Startable);
    for (const name of ['outbox-relay', 'delivery-worker', 'delivery-reconciler']) {
      expect(fieldOf(startables.find((s) => s.name === name)!, LocalDeliveries), name).to.equal(local);
    }
  });

  it('knows the crm and subscription target kinds, in that order', () => {
    expect(container.getAll(DELIVERY_TOKENS.DeliveryTargetKinds).map((k) => k.kind)).to.deep.equal(['crm', 'subscription']);
  });

  it('gives every user the one TargetStateStore and the one SubscriptionStore', () => {
    const targets = container.get(DELIVERY_TOKENS.TargetStates);
    const sync = container.getAll(TOKENS.Startable).find((s) => s.name === 'subscription-sync')!;
    const users = [container.get(DELIVERY_TOKENS.DeliveryProcessor), container.get(DELIVERY_TOKENS.DeliveryReconciler), container.get(WEBHOOKS_TOKENS.Subscriptions), container.get(CRM_TOKENS.CrmTargets), sync];
    for (const user of users) expect(fieldOf(user, TargetStateStore)).to.equal(targets);
    const store = container.get(WEBHOOKS_TOKENS.SubscriptionStore);
    const subscriptionKind = container.getAll(DELIVERY_TOKENS.DeliveryTargetKinds).find((k) => k.kind === 'subscription')!;
    for (const user of [subscriptionKind, container.get(WEBHOOKS_TOKENS.Subscriptions), sync]) expect(fieldOf(user, SubscriptionStore)).to.equal(store);
  });
});
