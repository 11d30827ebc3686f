import type { SecretRef, TransportSettingsProblem } from '../../../plugin/index.js';

/** What a subscription with `transport: "sftp"` sets in `transportSettings`. */
export interface SftpSettings {
  /** The account on the partner's server. */
  username: string;
  /** Password auth: a secret reference (`{ env }` / `{ file }`). */
  password?: SecretRef;
  /** Key auth: a secret reference to an OpenSSH or PEM private key; wins over `password` when both are set. */
  privateKey?: SecretRef;
  /** The private key's passphrase, when it has one. */
  passphrase?: SecretRef;
  /** Pinned host keys: `SHA256:<base64>` as `ssh-keygen -l -E sha256` prints it; any other key is refused. */
  hostKeySha256: string[];
  /** Where each file goes; see `renderRemotePath`. */
  pathTemplate: string;
}

/** The path template of per-event uploads unless a subscription sets its own. */
export const DEFAULT_PATH_TEMPLATE = '/inbox/{date}/{eventType}-{eventId}.json';
/** Placeholders a path template may use. */
export const PATH_PLACEHOLDERS = ['date', 'eventType', 'eventId', 'subscriptionId', 'batchId'] as const;

const FINGERPRINT = /^SHA256:[A-Za-z0-9+/]{43}$/;

function isSecretRef(value: unknown): value is SecretRef {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  const v = value as { env?: unknown; file?: unknown };
  return keys.length === 1 && ((typeof v.env === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(v.env)) || (typeof v.file === 'string' && v.file.length > 0));
}

/** Problems of a path template (relative to `at`): unknown placeholders, `..`, and a required placeholder that is missing. */
export function pathTemplateProblems(template: unknown, at: string, required: string): TransportSettingsProblem[] {
  if (typeof template !== 'string' || !template.length) return [{ path: at, message: 'must be a non-empty string' }];
  const problems: TransportSettingsProblem[] = [];
  const unknown = [...template.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]).filter((p) => !(PATH_PLACEHOLDERS as readonly string[]).includes(p));
  if (unknown.length) problems.push({ path: at, message: `has unknown placeholders ${unknown.map((u) => `{${u}}`).join(', ')} (known: ${PATH_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')})` });
  if (template.split('/').includes('..')) problems.push({ path: at, message: 'must not contain ".." segments' });
  if (template.endsWith('/')) problems.push({ path: at, message: 'must name a file, not a directory' });
  if (!template.includes(`{${required}}`)) problems.push({ path: at, message: `must contain {${required}}, so no two files share a name` });
  return problems;
}

/**
 * Reads and checks sftp settings; problems are JSON pointers under `at`
 * (`/transportSettings` for the sftp transport, `/transportSettings/sftp` for a
 * batch-file sink). `required` is the placeholder every path must contain.
 */
export function readSftpSettings(raw: unknown, at: string, required = 'eventId'): { settings?: SftpSettings; problems: TransportSettingsProblem[] } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { problems: [{ path: at, message: 'must be an object with username, hostKeySha256 and password or privateKey' }] };
  const s = raw as Record<string, unknown>;
  const problems: TransportSettingsProblem[] = [];
  const known = ['username', 'password', 'privateKey', 'passphrase', 'hostKeySha256', 'pathTemplate'];
  for (const key of Object.keys(s)) if (!known.includes(key)) problems.push({ path: `${at}/${key}`, message: `is not an sftp setting (known: ${known.join(', ')})` });
  if (typeof s.username !== 'string' || !s.username.length) problems.push({ path: `${at}/username`, message: 'is required: the account on the partner\'s server' });
  for (const key of ['password', 'privateKey', 'passphrase']) {
    if (s[key] !== undefined && !isSecretRef(s[key])) problems.push({ path: `${at}/${key}`, message: 'must be a secret reference: { "env": NAME } or { "file": path }' });
  }
  if (s.password === undefined && s.privateKey === undefined) problems.push({ path: at, message: 'needs password or privateKey (a secret reference)' });
  const pins = typeof s.hostKeySha256 === 'string' ? [s.hostKeySha256] : s.hostKeySha256;
  if (!Array.isArray(pins) || !pins.length) {
    problems.push({ path: `${at}/hostKeySha256`, message: 'is required: the server\'s host key fingerprint, SHA256:<base64> as `ssh-keygen -l -E sha256 -f key.pub` prints it (unknown keys are refused)' });
  } else {
    pins.forEach((p, i) => {
      if (typeof p !== 'string' || !FINGERPRINT.test(p)) problems.push({ path: typeof s.hostKeySha256 === 'string' ? `${at}/hostKeySha256` : `${at}/hostKeySha256/${i}`, message: 'must be SHA256: followed by 43 base64 characters' });
    });
  }
  const pathTemplate = s.pathTemplate ?? (required === 'eventId' ? DEFAULT_PATH_TEMPLATE : undefined);
  problems.push(...pathTemplateProblems(pathTemplate, `${at}/pathTemplate`, required));
  if (problems.length) return { problems };
  return {
    settings: {
      username: s.username as string,
      ...(s.password !== undefined ? { password: s.password as SecretRef } : {}),
      ...(s.privateKey !== undefined ? { privateKey: s.privateKey as SecretRef } : {}),
      ...(s.passphrase !== undefined ? { passphrase: s.passphrase as SecretRef } : {}),
      hostKeySha256: pins as string[],
      pathTemplate: pathTemplate as string,
    },
    problems,
  };
}
