import { ConfigurationError } from '../errors/index.js';

/**
 * A named slot partners contribute implementations to (lender adapters, CRM
 * adapters, transports, signature schemes). Each id may be registered once, and only before start.
 */
export class ExtensionPoint<T extends { readonly id: string }> {
  private readonly items = new Map<string, T>();
  private sealedBecause: string | undefined;

  constructor(readonly kind: string) {}

  register(item: T): void {
    if (!item || typeof item.id !== 'string' || !item.id) {
      throw new ConfigurationError(`Cannot register ${this.kind}: it has no string "id"`);
    }
    if (this.sealedBecause) {
      throw new ConfigurationError(`Cannot register ${this.kind} "${item.id}": ${this.sealedBecause}; register adapters before calling start()`);
    }
    if (this.items.has(item.id)) {
      throw new ConfigurationError(`Cannot register ${this.kind} "${item.id}": an ${this.kind} with that id is already registered; each id may be registered once`);
    }
    this.items.set(item.id, item);
  }

  seal(reason: string): void {
    this.sealedBecause = reason;
  }

  has(id: string): boolean {
    return this.items.has(id);
  }

  get(id: string): T {
    const item = this.items.get(id);
    if (!item) throw new ConfigurationError(`No ${this.kind} "${id}" is registered (registered: ${this.ids().join(', ') || 'none'})`);
    return item;
  }

  ids(): string[] {
    return [...this.items.keys()];
  }

  /** Why `id` names nothing usable (`transport "x" is not registered (registered: webhook)`), or null when it is registered. */
  unknownProblem(id: string): string | null {
    return this.items.has(id) ? null : `${this.kind} "${id}" is not registered (registered: ${this.ids().join(', ') || 'none'})`;
  }
}
