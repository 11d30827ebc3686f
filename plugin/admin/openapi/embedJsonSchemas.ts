type JsonSchema = Record<string, unknown>;

const COMPONENTS = '#/components/schemas/';
/** What OpenAPI allows as a component name. */
const COMPONENT_NAME = /^[a-zA-Z0-9._-]+$/;

/** `previousResidence` -> `PreviousResidence`: the component name of a hoisted `$defs` entry. */
const componentNameOf = (def: string) => def.charAt(0).toUpperCase() + def.slice(1);

const defsOf = (schema: JsonSchema) => (schema.$defs ?? {}) as Record<string, JsonSchema>;

/** The schema without the keys that only make sense in a standalone file. */
function withoutFileKeys(schema: JsonSchema): JsonSchema {
  const { $schema: _dialect, $id: _id, $defs: _defs, ...rest } = schema;
  return rest;
}

/**
 * Turns the JSON Schemas the validators compile into OpenAPI `components/schemas`
 * that every tool can follow: each source under its name, each of its `$defs`
 * entries hoisted to a component of its own (`person` -> `Person`), and every
 * `$ref` rewritten to `#/components/schemas/...` (a local `#/$defs/x`, the same
 * pointer behind the schema's `$id`, or another source's `$id`). `$schema`, `$id`
 * and `$defs` are dropped, so no reference is scoped by an `$id` any more.
 *
 * This is the one place that rewrites references; it throws on anything it cannot
 * place (a pointer into the middle of a schema, an unknown URL, a nested `$id` or
 * `$defs`, two components with one name) rather than emit a document with a
 * dangling reference.
 */
export function embedJsonSchemas(sources: Record<string, JsonSchema>): Record<string, JsonSchema> {
  const byId = new Map<string, string>();
  for (const [name, schema] of Object.entries(sources)) {
    if (typeof schema.$id === 'string') byId.set(schema.$id.replace(/#$/, ''), name);
  }
  const out: Record<string, JsonSchema> = {};
  const place = (name: string, schema: JsonSchema) => {
    if (!COMPONENT_NAME.test(name)) throw new Error(`"${name}" is not a valid component name`);
    if (name in out) throw new Error(`Two schemas would be the component "${name}"`);
    out[name] = schema;
  };

  for (const [name, source] of Object.entries(sources)) {
    const base = typeof source.$id === 'string' ? source.$id : undefined;
    const defs = defsOf(source);
    const target = (ref: string, where: string): string => {
      const hash = ref.indexOf('#');
      const url = hash === -1 ? ref : ref.slice(0, hash);
      const pointer = hash === -1 ? '' : ref.slice(hash + 1);
      const owner = url === '' ? name : byId.get(base ? new URL(url, base).href : url);
      if (!owner) throw new Error(`${where}: cannot embed the reference "${ref}" (not a schema given to embedJsonSchemas)`);
      if (pointer === '') return COMPONENTS + owner;
      const def = /^\/\$defs\/([^/]+)$/.exec(pointer)?.[1];
      if (!def || !(def in defsOf(sources[owner]))) throw new Error(`${where}: cannot embed the reference "${ref}" (only a whole schema or one of its $defs)`);
      return COMPONENTS + componentNameOf(def);
    };
    const rewrite = (node: unknown, where: string): unknown => {
      if (Array.isArray(node)) return node.map((item, i) => rewrite(item, `${where}/${i}`));
      if (node === null || typeof node !== 'object') return node;
      const copy: JsonSchema = {};
      for (const [key, value] of Object.entries(node as JsonSchema)) {
        if (key === '$id' || key === '$defs') throw new Error(`${where}: a nested ${key} cannot be embedded`);
        copy[key] = key === '$ref' && typeof value === 'string' ? target(value, where) : rewrite(value, `${where}/${key}`);
      }
      return copy;
    };
    place(name, rewrite(withoutFileKeys(source), name) as JsonSchema);
    for (const [def, schema] of Object.entries(defs)) place(componentNameOf(def), rewrite(schema, `${name}/$defs/${def}`) as JsonSchema);
  }
  return out;
}
