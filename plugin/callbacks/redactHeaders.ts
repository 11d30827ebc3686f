const SENSITIVE = /(authorization|cookie|api[-_]?key|secret|token|signature|password)/i;

/** Request headers as they may be stored: credentials and signatures replaced, everything else kept for audit. */
export function redactHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(', ') : value;
    out[name.toLowerCase()] = SENSITIVE.test(name) ? '[REDACTED]' : text.slice(0, 2048);
  }
  return out;
}
