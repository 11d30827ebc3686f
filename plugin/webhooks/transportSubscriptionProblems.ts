import type { FieldProblem } from '../errors/index.js';
import type { OutboundGuard } from '../outbound/OutboundGuard.js';
import type { Transport } from '../sdk/Transport.js';

/**
 * A transport's own check of a subscription's `url` and `transportSettings`
 * (paths prefixed with `prefix`, e.g. `/subscriptions/2`), or null when the
 * transport brings none and the webhook rules apply (http(s) URL, signing secret).
 */
export function transportSubscriptionProblems(
  transport: Transport | undefined,
  subscription: { url: string; settings: Record<string, unknown> | undefined; hasSecret: boolean },
  guard: Pick<OutboundGuard, 'hostProblem'>,
  prefix = '',
): FieldProblem[] | null {
  if (!transport?.checkSubscription) return null;
  const problems = transport.checkSubscription({
    url: subscription.url,
    settings: subscription.settings ?? {},
    hasSecret: subscription.hasSecret,
    hostProblem: (host) => guard.hostProblem(host),
  });
  return problems.map((p) => ({ path: `${prefix}${p.path}`, message: p.message }));
}
