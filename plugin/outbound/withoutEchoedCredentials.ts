/** Form fields and headers that carry a credential (Authorization, API tokens and keys, OAuth client secrets, passwords, assertions). */
const CREDENTIAL_FIELD = /authorization|secret|password|token|api-?key|assertion/i;

/**
 * The credentials a request carried: credential-named headers
 * (`Authorization` whole and its token after the scheme, `x-api-token`...) and form fields. Values shorter
 * than 8 characters are left alone (they would redact ordinary words).
 */
export function sentCredentials(headers: Record<string, string>, form: Record<string, string> | undefined): string[] {
  const found: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (CREDENTIAL_FIELD.test(name)) found.push(value, value.replace(/^\S+\s+/, ''));
  }
  for (const [name, value] of Object.entries(form ?? {})) if (CREDENTIAL_FIELD.test(name)) found.push(value);
  return [...new Set(found)].filter((v) => v.length >= 8).sort((a, b) => b.length - a.length);
}

/**
 * An answer with the request's own credentials taken out: some APIs echo
 * the request (or the presented token or key) in their error bodies, and those
 * bodies end up in attempt logs and outcomes. Used by crmFetch and the lender
 * HTTP; found by the CRM conformance kit.
 */
export function withoutEchoedCredentials(text: string, credentials: readonly string[]): string {
  let clean = text;
  for (const credential of credentials) clean = clean.split(credential).join('[redacted]');
  return clean;
}
