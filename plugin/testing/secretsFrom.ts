import type { SecretRef } from '../manifest/Manifest.js';

/** `ctx.secret` over a plain map: `{ env: NAME }` and `{ file: PATH }` are looked up by NAME / PATH; a missing one throws, naming it. */
export function secretsFrom(values: Readonly<Record<string, string>>): (ref: SecretRef) => string {
  return (ref) => {
    const name = 'env' in ref ? ref.env : ref.file;
    const value = values[name];
    if (value === undefined) throw new Error(`lendwire/testing: secret "${name}" is not in the options' secrets`);
    return value;
  };
}
