/** The kinds of adapter `lendwire new` scaffolds, and the folder of `adapters/` each lives in. */
export const ADAPTER_FOLDERS = { lender: 'lenders', crm: 'crm', transport: 'transports' } as const;

/** A kind `lendwire new` knows. */
export type AdapterKind = keyof typeof ADAPTER_FOLDERS;

/** The spellings of an adapter id the templates use: `__id__`, `__name__`, `__Name__`, `__ENV__`. */
export interface AdapterNames {
  id: string;
  name: string;
  Name: string;
  ENV: string;
}

/** Adapter ids are what a manifest's `adapter` key holds: lower case, digits and dashes, starting with a letter. */
const ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** Why `id` cannot name an adapter, or null when it can. */
export function badAdapterId(id: string): string | null {
  if (id.length < 2 || id.length > 40) return `adapter id "${id}" must be 2 to 40 characters long`;
  if (!ID.test(id)) return `adapter id "${id}" may hold only lower-case letters, digits and single dashes, starting with a letter (e.g. "acme-bank")`;
  return null;
}

/** The spellings of a valid adapter id (`acme-bank` -> `acmeBank`, `AcmeBank`, `ACME_BANK`). */
export function adapterNames(id: string): AdapterNames {
  const words = id.split('-');
  const Name = words.map((w) => w[0].toUpperCase() + w.slice(1)).join('');
  return { id, name: Name[0].toLowerCase() + Name.slice(1), Name, ENV: words.join('_').toUpperCase() };
}
