/**
 * The folders of the shared kernel: plumbing every feature may use, which itself knows no
 * feature. `docs/architecture.md` calls this group "the shared kernel".
 */
export const SHARED_KERNEL = [
  'kernel',
  'errors',
  'http',
  'events',
  'audit',
  'outbound',
  'lenders',
  'manifest',
  'observability',
  'queue',
  'security',
  'deployment',
] as const;

/** Every feature folder directly under `plugin/`. */
export const FEATURES = ['applications', 'submissions', 'callbacks', 'delivery', 'webhooks', 'crm', 'alerts', 'admin'] as const;

/** Name under which the rules list `plugin/index.ts` (the public API, the only file at the top). */
export const PLUGIN_ENTRY = '(entry)';

const kernelAndSdk = [...SHARED_KERNEL, 'sdk'];

/**
 * Which folders the code in each folder under `plugin/` may import, besides its own
 * (subfolders belong to their top folder: `delivery/outbox/` follows `delivery`).
 * Names are folders under `plugin/`; a name starting with `../` (`../migrations`) is a
 * folder at the top of the repository. The "may import" column of `docs/architecture.md` says the same
 * in prose, and `architectureDoc.test.ts` checks that both agree.
 */
export const MAY_IMPORT: Readonly<Record<string, readonly string[]>> = {
  sdk: ['kernel', 'errors', 'manifest', 'observability', 'outbound'],
  ...Object.fromEntries(SHARED_KERNEL.map((folder) => [folder, kernelAndSdk])),
  applications: kernelAndSdk,
  submissions: [...kernelAndSdk, 'applications'],
  callbacks: [...kernelAndSdk, 'applications'],
  delivery: kernelAndSdk,
  webhooks: [...kernelAndSdk, 'delivery'],
  crm: [...kernelAndSdk, 'delivery', 'applications'],
  alerts: kernelAndSdk,
  admin: [...kernelAndSdk, ...FEATURES],
  app: [...kernelAndSdk, ...FEATURES, '../migrations'],
  cli: [...kernelAndSdk, 'app'],
  testing: kernelAndSdk,
  [PLUGIN_ENTRY]: [...kernelAndSdk, ...FEATURES, 'app', 'testing'],
};
