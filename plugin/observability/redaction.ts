/**
 * Keys whose values are PII or secrets. Any log field with one of these names,
 * at any depth up to MAX_DEPTH, is replaced by "[REDACTED]".
 */
export const REDACTED_KEYS = [
  'ssn',
  'dateOfBirth',
  'dob',
  'grossMonthlyIncome',
  'monthlyIncome',
  'otherIncome',
  'income',
  'monthlyAmount',
  'annualIncome',
  'authorization',
  'Authorization',
  'cookie',
  'x-api-key',
  'X-API-KEY',
  'x-broker-signature',
  'webhook-signature',
  'apiKey',
  'api_key',
  'secret',
  'secrets',
  'password',
  'token',
  'accessToken',
  'access_token',
  'refreshToken',
  'clientSecret',
  'client_secret',
  'privateKey',
  'pii',
];

const MAX_DEPTH = 6;

function segment(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `["${key}"]`;
}

/** fast-redact paths covering every key above at depths 0..MAX_DEPTH. */
export function redactionPaths(): string[] {
  const paths: string[] = [];
  for (const key of REDACTED_KEYS) {
    for (let depth = 0; depth <= MAX_DEPTH; depth++) {
      const prefix = Array.from({ length: depth }, () => '*').join('.');
      const tail = segment(key);
      paths.push(prefix ? `${prefix}${tail}` : tail.startsWith('.') ? tail.slice(1) : tail);
    }
  }
  return paths;
}

export const REDACTION = { paths: redactionPaths(), censor: '[REDACTED]' };
