/**
 * Whether a log field's name says its value is PII or a secret, whatever the
 * spelling: the match is on the key lower-cased without separators, so `SSN`,
 * `applicant_ssn`, `SocialSecurityNumber`, `social-security-number`, `DOB`,
 * `DateOfBirth`, `birthDate`, `GrossMonthlyIncome`, `X-API-KEY` and
 * `client_secret` all match. Over-matching (say `incomeVerified`) is accepted:
 * a redacted field costs less than a leaked one.
 */
const EXACT = new Set([
  'pii',
  'monthlyamount',
  'authorization',
  'proxyauthorization',
  'cookie',
  'setcookie',
  'password',
  'passwd',
  'passphrase',
  'secrets',
  'credentials',
  'encryptionkey',
]);
const CONTAINS = ['socialsecurity', 'taxpayerid', 'dateofbirth', 'birthdate', 'birthdt', 'income', 'salary'];
const AFFIXES = ['ssn', 'dob'];
const SUFFIXES = ['secret', 'token', 'apikey', 'privatekey', 'signature', 'password'];

function matches(normalized: string): boolean {
  if (EXACT.has(normalized)) return true;
  for (const part of CONTAINS) if (normalized.includes(part)) return true;
  for (const part of AFFIXES) if (normalized.startsWith(part) || normalized.endsWith(part)) return true;
  for (const part of SUFFIXES) if (normalized.endsWith(part)) return true;
  return false;
}

/** Answers per key are kept (log keys repeat endlessly); the cache stops growing at this size. */
const CACHE_LIMIT = 10_000;
const cache = new Map<string, boolean>();

export function isSensitiveKey(key: string): boolean {
  let answer = cache.get(key);
  if (answer === undefined) {
    answer = matches(key.toLowerCase().replace(/[^a-z0-9]/g, ''));
    if (cache.size < CACHE_LIMIT) cache.set(key, answer);
  }
  return answer;
}
