import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile, type JSONSchema } from 'json-schema-to-typescript';

type Schema = Record<string, unknown>;

/**
 * One schema and the TypeScript file generated from it; names maps `$defs` keys to exported type names (others are inlined).
 * `loaded: false` for adapter settings schemas, whose defaults are documentation (the loader fills in none):
 * their properties stay optional. References to the manifest schema's `$defs` become its exported types, imported from plugin/index.ts.
 */
interface Generated {
  schema: string;
  output: string;
  rootName: string;
  names: Record<string, string>;
  loaded?: boolean;
}

const MANIFEST_ID = 'https://lendwire.dev/schemas/plugin.manifest.json';

/** An adapter's settings schema, generated next to it as `<name>.types.ts`. */
const adapterSettings = (folder: string, name: string, rootName: string): Generated => ({
  schema: `${folder}/${name}.schema.json`,
  output: `${folder}/${name}.types.ts`,
  rootName,
  names: {},
  loaded: false,
});

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
  adapterSettings('adapters/lenders/apptraker', 'apptrakerSettings', 'ApptrakerSettings'),
  adapterSettings('adapters/lenders/broker', 'brokerSettings', 'BrokerSettings'),
  adapterSettings('adapters/crm/hubspot', 'hubspotSettings', 'HubspotSettings'),
  adapterSettings('adapters/crm/salesforce', 'salesforceSettings', 'SalesforceSettings'),
  adapterSettings('adapters/crm/pipedrive', 'pipedriveSettings', 'PipedriveSettings'),
];

/** The manifest's exported type names by `$defs` key (e.g. secretRef -> SecretRef). */
const MANIFEST_NAMES = GENERATED[0].names;

const ROOT = fileURLToPath(new URL('..', import.meta.url));

const isObject = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The schema as the loaded value looks: a property with a `default` is always
 * there once ajv (useDefaults) has filled it in, so it becomes required; `$defs`
 * without an exported name are inlined where they are referenced.
 */
function asLoaded(node: unknown, defs: Schema, names: Record<string, string>, loaded = true, imported = new Set<string>()): unknown {
  if (Array.isArray(node)) return node.map((n) => asLoaded(n, defs, names, loaded, imported));
  if (!isObject(node)) return node;
  const external = typeof node.$ref === 'string' && node.$ref.startsWith(`${MANIFEST_ID}#/$defs/`) ? MANIFEST_NAMES[node.$ref.slice(MANIFEST_ID.length + 8)] : undefined;
  if (external !== undefined) {
    const { $ref: _manifestRef, ...siblings } = node;
    imported.add(external);
    return { ...siblings, tsType: external };
  }
  const ref = typeof node.$ref === 'string' ? /^#\/\$defs\/(.+)$/.exec(node.$ref)?.[1] : undefined;
  if (ref !== undefined) {
    const { $ref, ...siblings } = node;
    if (!(ref in names)) return asLoaded({ ...(defs[ref] as Schema), ...siblings }, defs, names, loaded, imported);
    // A named type stays one type when the reference also carries a description.
    const { description, ...rest } = siblings;
    if (description !== undefined) return { ...(asLoaded(rest, defs, names, loaded, imported) as Schema), allOf: [{ $ref }], description };
  }
  const out: Schema = {};
  for (const [key, value] of Object.entries(node)) out[key] = asLoaded(value, defs, names, loaded, imported);
  if (loaded && isObject(node.properties)) {
    const filled = Object.entries(node.properties).filter(([, p]) => isObject(p) && 'default' in p).map(([k]) => k);
    const required = new Set([...((node.required as string[] | undefined) ?? []), ...filled]);
    if (required.size) out.required = [...required];
  }
  return out;
}

/** The import of the manifest types a generated file uses, from plugin/index.ts (adapters use the public API only). */
function importLine(entry: Generated, imported: Set<string>): string {
  if (!imported.size) return '';
  const from = relative(dirname(entry.output), 'plugin/index.js');
  return `\n\nimport type { ${[...imported].sort().join(', ')} } from '${from.startsWith('.') ? from : `./${from}`}';`;
}

/** The TypeScript source generated from one schema, exactly as it is committed. */
export async function generatedSource(entry: Generated): Promise<string> {
  const raw = JSON.parse(readFileSync(`${ROOT}/${entry.schema}`, 'utf8')) as Schema;
  const defs = (raw.$defs as Schema | undefined) ?? {};
  const imported = new Set<string>();
  const loaded = asLoaded(raw, defs, entry.names, entry.loaded ?? true, imported) as Schema;
  loaded.title = entry.rootName;
  const named = Object.entries((loaded.$defs as Schema | undefined) ?? {}).filter(([k]) => k in entry.names);
  loaded.$defs = Object.fromEntries(named.map(([k, def]) => [k, { ...(def as Schema), title: entry.names[k] }]));
  return compile(loaded as JSONSchema, entry.rootName, {
    bannerComment: `/* Generated from ${entry.schema.split('/').pop()} by \`npm run generate:types\`: do not edit, change the schema and run it again. */${importLine(entry, imported)}`,
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
