import { inject, injectable } from 'inversify';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { TOKENS } from '../kernel/tokens.js';
import type { LendwireConfig } from '../kernel/LendwireConfig.js';
import type { Startable } from '../kernel/lifecycle.js';
import { ConfigurationError, type FieldProblem } from '../errors/index.js';
import type { Manifest } from '../manifest/Manifest.js';
import type { DeliveryQueue } from '../delivery/DeliveryQueue.js';
import type { OutboundGuard } from '../outbound/OutboundGuard.js';
import type { SubscriptionStore } from './SubscriptionStore.js';
import type { TargetStateStore } from '../delivery/TargetStateStore.js';
import { REMOVED_FROM_MANIFEST } from './SubscriptionRecord.js';
import type { ExtensionPoint } from '../kernel/ExtensionPoint.js';
import type { Transport } from '../sdk/Transport.js';
import { transportSubscriptionProblems } from './transportSubscriptionProblems.js';
import { DELIVERY_TOKENS } from '../delivery/tokens.js';
import { WEBHOOKS_TOKENS } from './tokens.js';

const MANIFEST_DISABLED = 'disabled in the manifest';

/**
 * Problems of the manifest's subscriptions: the transport's own check of `url` and
 * `transportSettings` when it has one (sftp, batch-file), else the webhook rules
 * (scheme, credentials, private address literals, a signing secret).
 */
export function manifestSubscriptionProblems(manifest: Manifest, guard: OutboundGuard, transports?: ExtensionPoint<Transport>): FieldProblem[] {
  return manifest.subscriptions.flatMap((s, i) => {
    const transport = transports?.has(s.transport) ? transports.get(s.transport) : undefined;
    const own = transportSubscriptionProblems(transport, { url: s.url, settings: s.transportSettings, hasSecret: Boolean(s.secret) }, guard, `/subscriptions/${i}`);
    if (own) return own;
    const problems: FieldProblem[] = [];
    const problem = guard.urlProblem(s.url);
    if (problem) problems.push({ path: `/subscriptions/${i}/url`, message: problem });
    // Unsigned webhooks can't be told from forgeries by the receiver.
    if (!s.secret) problems.push({ path: `/subscriptions/${i}/secret`, message: 'is required: every delivery is signed ({ "env": NAME } or { "file": path } holding a whsec_ secret)' });
    return problems;
  });
}

/**
 * Copies the manifest's subscriptions into the `subscriptions` table at start
 * (source "manifest"), so the relay and the API see one list. Run-time state
 * survives a restart: a rotated secret, or an endpoint the engine disabled
 * (410, failing for days), stays as it is until an operator acts.
 */
@injectable()
export class ManifestSubscriptionSync implements Startable {
  readonly name = 'subscription-sync';
  private readonly schema: string;
  private readonly logger: Logger;

  constructor(
    @inject(TOKENS.Knex) private readonly knex: Knex,
    @inject(TOKENS.Config) config: Pick<LendwireConfig, 'schema'>,
    @inject(TOKENS.Manifest) private readonly manifest: Manifest,
    @inject(WEBHOOKS_TOKENS.SubscriptionStore) private readonly store: SubscriptionStore,
    @inject(DELIVERY_TOKENS.TargetStates) private readonly targets: TargetStateStore,
    @inject(DELIVERY_TOKENS.DeliveryQueue) private readonly queue: DeliveryQueue,
    @inject(WEBHOOKS_TOKENS.OutboundGuard) private readonly guard: OutboundGuard,
    @inject(TOKENS.Transports) private readonly transports: ExtensionPoint<Transport>,
    @inject(TOKENS.Logger) logger: Logger,
  ) {
    this.schema = config.schema;
    this.logger = logger.child({ component: 'subscriptions' });
  }

  async start(): Promise<void> {
    const { knex, schema, manifest, store, targets, queue, guard, logger } = this;
    const problems = manifestSubscriptionProblems(manifest, guard, this.transports);
    if (problems.length) throw new ConfigurationError('The manifest has subscriptions lendwire cannot deliver to safely', problems);
    const resumed = await knex.transaction(async (trx) => {
      // One process at a time, so two starting workers don't interleave their syncs.
      await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [`lendwire.subscription-sync.${schema}`]);
      const ids: string[] = [];
      for (const s of manifest.subscriptions) {
        await store.upsertFromManifest(
          trx,
          s.id,
          {
            url: s.url,
            events: s.events,
            transport: s.transport,
            transport_settings: s.transportSettings ?? null,
            signature: s.signature,
            secret_ref: s.secret ?? null,
            rate_limit: s.rateLimit,
            retry: s.retry?.schedule ? { schedule: s.retry.schedule } : null,
            timeout_ms: s.timeoutMs,
            ...(s.enabled ? {} : { disabled_reason: s.disabledReason ?? MANIFEST_DISABLED }),
          },
          s.enabled,
        );
        const current = await store.get(s.id, trx);
        // Only the manifest's own "disabled" is lifted by the manifest; an engine or operator decision is not.
        if (s.enabled && current && !current.enabled && (current.disabledReason === MANIFEST_DISABLED || current.disabledReason === REMOVED_FROM_MANIFEST)) {
          await store.update(trx, s.id, { enabled: true, disabled_reason: null, disabled_at: null });
          ids.push(...(await targets.resume(trx, { kind: 'subscription', id: s.id })));
        }
      }
      const kept = manifest.subscriptions.map((s) => s.id);
      await trx
        .withSchema(schema)
        .table('subscriptions')
        .where({ source: 'manifest', enabled: true })
        .whereNotIn('id', kept)
        .update({ enabled: false, disabled_reason: REMOVED_FROM_MANIFEST, disabled_at: trx.fn.now(), updated_at: trx.fn.now() });
      return ids;
    });
    await queue.enqueue(resumed.map((id) => ({ id })));
    logger.info({ subscriptions: manifest.subscriptions.length }, 'manifest subscriptions synced');
  }

  async stop(): Promise<void> {}
}
