/** A `lendwire new` request that cannot be carried out (bad id, unknown kind, existing folder); its message says why. */
export class ScaffoldError extends Error {
  override readonly name = 'ScaffoldError';
}
