/**
 * The JSON Schema (draft 2020-12) of an adapter's own part of its manifest
 * block: the keys of the block the core leaves to the adapter (see
 * `ADAPTER_SETTINGS_KEYS`: a lender's `credentials`, `callbacks` and `options`,
 * a CRM target's `credentials` and `options`, a subscription's `options`), as a
 * `type: object` schema whose `properties` are those keys.
 *
 * lendwire checks each block against its adapter's schema at `start()`, once
 * the adapter is registered, with the core's own keys left out (e.g. a lender's
 * `callbacks.maxBodyBytes`), so the schema may say `additionalProperties: false`
 * everywhere and a misspelt key is reported by path (`/lenders/0/callbacks/apiKye`).
 * A secret is a `{ "$ref": "https://lendwire.dev/schemas/plugin.manifest.json#/$defs/secretRef" }`.
 * `npx lendwire manifest-schema` merges every registered adapter's schema into
 * the manifest schema editors use. Nothing fills defaults in: the adapter
 * applies them itself (the built-in ones read them from their schema file, so
 * editors show the value that applies).
 */
export type AdapterSettingsSchema = Readonly<Record<string, unknown>>;
