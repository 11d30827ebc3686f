import type { Bindings, Logger } from 'pino';

const noop = (): void => undefined;

/**
 * `parent.child(bindings)`, created on first use. Making a child serializes
 * (and redacts) its bindings, and the hot paths (a child per request, per job,
 * per delivery) usually log nothing at the host's level. A call to a level that is off is a
 * no-op without making the child; anything else makes it once and goes to it,
 * so the output is exactly that of `parent.child(bindings)`.
 */
export function lazyChild(parent: Logger, bindings: Bindings): Logger {
  let child: Logger | undefined;
  const real = (): Logger => (child ??= parent.child(bindings));
  return new Proxy(parent, {
    get(_target, prop) {
      if (!child && typeof prop === 'string' && prop in parent.levels.values && !parent.isLevelEnabled(prop)) return noop;
      const target = real();
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
    set(_target, prop, value) {
      return Reflect.set(real(), prop, value);
    },
    has(_target, prop) {
      return Reflect.has(real(), prop);
    },
  });
}
