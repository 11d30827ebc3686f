/** Masked forms of PII for API answers and operator screens; only the last few characters survive. */

/** `123-45-6789` -> `***-**-6789` (anything that is not 9 digits becomes fully masked). */
export function maskSsn(ssn: unknown): string {
  const digits = typeof ssn === 'string' ? ssn.replace(/\D/g, '') : '';
  return digits.length === 9 ? `***-**-${digits.slice(5)}` : '***-**-****';
}

/** `1988-04-12` -> `****-**-**`: a date of birth is masked whole (the year alone narrows identity). */
export function maskDate(_date: unknown): string {
  return '****-**-**';
}

/** An income amount is not shown at all, only that one was given. */
export function maskAmount(amount: unknown): string | null {
  return amount === null || amount === undefined ? null : '***';
}

/** `D1234567` -> `****4567` (license numbers, account numbers). */
export function maskTail(value: unknown, visible = 4): string | null {
  if (typeof value !== 'string' || !value) return null;
  return value.length <= visible ? '*'.repeat(value.length) : '*'.repeat(value.length - visible) + value.slice(-visible);
}
