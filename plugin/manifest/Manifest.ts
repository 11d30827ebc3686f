/**
 * The manifest's types, generated from `manifest.schema.json` (`npm run generate:types`)
 * as a loaded manifest looks: every field with a default in the schema is filled in.
 * A secret is never written in the manifest: a SecretRef names an environment variable or a file read at start.
 */
export type {
  Manifest,
  SecretRef,
  TlsConfig,
  LenderConfig,
  SubscriptionConfig,
  CrmConfig,
  CrmAction,
  SecurityConfig,
  RetentionConfig,
  DeliveryConfig,
  RuntimeConfig,
} from './manifest.types.js';
