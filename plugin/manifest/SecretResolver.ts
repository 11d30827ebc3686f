import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { ConfigurationError, type FieldProblem } from '../errors/index.js';
import type { SecretRef } from './Manifest.js';

export function isSecretRef(value: unknown): value is SecretRef {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (typeof (value as { env?: unknown }).env === 'string' || typeof (value as { file?: unknown }).file === 'string');
}

function describe(ref: SecretRef): string {
  return 'env' in ref ? `environment variable ${ref.env}` : `file ${ref.file}`;
}

/**
 * Resolves every `{ env }` / `{ file }` reference found in the manifest once, at
 * start, so a missing secret stops start-up with its name and manifest path.
 * Values are kept out of the manifest object so logging it can never leak them.
 */
export class SecretResolver {
  private readonly values = new Map<string, string>();

  constructor(private readonly baseDir: string = process.cwd()) {}

  private keyOf(ref: SecretRef): string {
    return 'env' in ref ? `env:${ref.env}` : `file:${this.pathOf(ref.file)}`;
  }

  private pathOf(file: string): string {
    return isAbsolute(file) ? file : resolve(this.baseDir, file);
  }

  private read(ref: SecretRef): string | undefined {
    if ('env' in ref) {
      const value = process.env[ref.env];
      return value === undefined || value === '' ? undefined : value;
    }
    try {
      return readFileSync(this.pathOf(ref.file), 'utf8').trim();
    } catch {
      return undefined;
    }
  }

  /** Walks `root` and resolves every secret reference in it; throws one error naming every missing secret. */
  resolveAll(root: unknown): void {
    const problems: FieldProblem[] = [];
    const walk = (node: unknown, path: string): void => {
      if (isSecretRef(node)) {
        const value = this.read(node);
        if (value === undefined) problems.push({ path, message: `secret ${describe(node)} is not set or cannot be read` });
        else this.values.set(this.keyOf(node), value);
        return;
      }
      if (Array.isArray(node)) node.forEach((child, i) => walk(child, `${path}/${i}`));
      else if (typeof node === 'object' && node !== null) {
        for (const [key, child] of Object.entries(node)) if (key !== '$schema') walk(child, `${path}/${key}`);
      }
    };
    walk(root, '');
    if (problems.length) throw new ConfigurationError('Missing secrets referenced by the lendwire manifest', problems);
  }

  /** The value of a secret reference; resolves it on demand when it was added after start (e.g. an API-created subscription). */
  reveal(ref: SecretRef): string {
    const key = this.keyOf(ref);
    const cached = this.values.get(key);
    if (cached !== undefined) return cached;
    const value = this.read(ref);
    if (value === undefined) throw new ConfigurationError(`Secret ${describe(ref)} is not set or cannot be read`);
    this.values.set(key, value);
    return value;
  }
}
