import { InputError, type FieldProblem } from '../../errors/index.js';
import { decodeKeyset, type Keyset } from '../../http/keysetCursor.js';

/**
 * Reads and checks admin-API query parameters, collecting every problem so
 * one 422 lists them all.
 */
export class AdminQuery {
  readonly problems: FieldProblem[] = [];

  constructor(private readonly query: Record<string, unknown>) {}

  text(name: string, maxLength = 200): string | undefined {
    const v = this.query[name];
    if (v === undefined || v === '') return undefined;
    if (typeof v !== 'string' || v.length > maxLength) {
      this.problems.push({ path: `/${name}`, message: `must be a single value of at most ${maxLength} characters` });
      return undefined;
    }
    return v;
  }

  /** Comma-separated values, each one of `allowed`. */
  list<T extends string>(name: string, allowed: readonly T[]): T[] | undefined {
    const raw = this.text(name, 2000);
    if (raw === undefined) return undefined;
    const values = raw.split(',').map((s) => s.trim()).filter(Boolean);
    const bad = values.filter((v) => !(allowed as readonly string[]).includes(v));
    if (bad.length) {
      this.problems.push({ path: `/${name}`, message: `unknown value(s) ${bad.join(', ')}; allowed: ${allowed.join(', ')}` });
      return undefined;
    }
    return values as T[];
  }

  time(name: string): Date | undefined {
    const raw = this.text(name, 40);
    if (raw === undefined) return undefined;
    const d = new Date(raw);
    if (Number.isNaN(d.getTime())) {
      this.problems.push({ path: `/${name}`, message: 'must be an ISO 8601 time' });
      return undefined;
    }
    return d;
  }

  limit(defaultValue = 50, max = 200): number {
    const raw = this.text('limit', 10);
    if (raw === undefined) return defaultValue;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1 || n > max) {
      this.problems.push({ path: '/limit', message: `must be an integer from 1 to ${max}` });
      return defaultValue;
    }
    return n;
  }

  /** An opaque keyset cursor produced by `encodeKeyset`. */
  cursor(): Keyset | undefined {
    const raw = this.text('cursor', 500);
    if (raw === undefined) return undefined;
    const k = decodeKeyset(raw);
    if (!k) this.problems.push({ path: '/cursor', message: 'is not a cursor this API returned' });
    return k;
  }

  /** Throws the collected problems as one 422. */
  done(): void {
    if (this.problems.length) throw new InputError('Invalid query parameters', this.problems);
  }
}
