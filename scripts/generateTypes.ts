import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compile, type JSONSchema } from 'json-schema-to-typescript';

type Schema = Record<string, unknown>;

/** One schema and the TypeScript file generated from it; names maps `$defs` keys to exported type names (others are inlined). */
interface Generated {
  schema: string;
  output: string;
  rootName: string;
  names: Record<string, string>;
}

/** Every schema whose TypeScript types are generated (`npm run generate:types`), paths from the repository root. */
export const GENERATED: Generated[] = [
  {
    schema: 'plugin/manifest/manifest.schema.json',
    output: 'plugin/manifest/manifest.types.ts',
    rootName: 'Manifest',
    names: {
      secretRef: 'SecretRef',
      tls: 'TlsConfig',
      lender: 'LenderConfig',
      subscription: 'SubscriptionConfig',
      crm: 'CrmConfig',
      crmAction: 'CrmAction',
      security: 'SecurityConfig',
      retention: 'RetentionConfig',
      delivery: 'DeliveryConfig',
      runtime: 'RuntimeConfig',
    },
  },
  {
    schema: 'plugin/webhooks/subscriptionInput.schema.json',
    output: 'plugin/webhooks/subscriptionInput.types.ts',
    rootName: 'SubscriptionInput',
    names: {},
  },
];

const ROOT = fileURLToPath(new URL('..', import.meta.url));

const isObject = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The schema as the loaded value looks: a property with a `default` is always
 * there once ajv (useDefaults) has filled it in, so it becomes required; `$defs`
 * without an exported name are inlined where they are referenced.
 */
function asLoaded(node: unknown, defs: Schema, names: Record<string, string>): unknown {
  if (Array.isArray(node)) return node.map((n) => asLoaded(n, defs, names));
  if (!isObject(node)) return node;
  const ref = typeof node.$ref === 'string' ? /^#\/\$defs\/(.+)$/.exec(node.$ref)?.[1] : undefined;
  if (ref !== undefined) {
    const { $ref, ...siblings } = node;
    if (!(ref in names)) return asLoaded({ ...(defs[ref] as Schema), ...siblings }, defs, names);
    // A named type stays one type when the reference also carries a description.
    const { description, ...rest } = siblings;
    if (description !== undefined) return { ...(asLoaded(rest, defs, names) as Schema), allOf: [{ $ref }], description };
  }
  const out: Schema = {};
  for (const [key, value] of Object.entries(node)) out[key] = asLoaded(value, defs, names);
  if (isObject(node.properties)) {
    const filled = Object.entries(node.properties).filter(([, p]) => isObject(p) && 'default' in p).map(([k]) => k);
    const required = new Set([...((node.required as string[] | undefined) ?? []), ...filled]);
    if (required.size) out.required = [...required];
  }
  return out;
}

/** The TypeScript source generated from one schema, exactly as it is committed. */
export async function generatedSource(entry: Generated): Promise<string> {
  const raw = JSON.parse(readFileSync(`${ROOT}/${entry.schema}`, 'utf8')) as Schema;
  const defs = (raw.$defs as Schema | undefined) ?? {};
  const loaded = asLoaded(raw, defs, entry.names) as Schema;
  loaded.title = entry.rootName;
  const named = Object.entries((loaded.$defs as Schema | undefined) ?? {}).filter(([k]) => k in entry.names);
  loaded.$defs = Object.fromEntries(named.map(([k, def]) => [k, { ...(def as Schema), title: entry.names[k] }]));
  return compile(loaded as JSONSchema, entry.rootName, {
    bannerComment: `/* Generated from ${entry.schema.split('/').pop()} by \`npm run generate:types\`: do not edit, change the schema and run it again. */`,
    ignoreMinAndMaxItems: true,
    declareExternallyReferenced: true,
    unreachableDefinitions: false,
    strictIndexSignatures: false,
    unknownAny: true,
    style: { singleQuote: true, printWidth: 160, trailingComma: 'all' },
  });
}

async function main(): Promise<void> {
  for (const entry of GENERATED) {
    writeFileSync(`${ROOT}/${entry.output}`, await generatedSource(entry));
    console.warn(`wrote ${entry.output}`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
