/**
 * Renders the broker's `smsTemplate` (`{{name}}` placeholders). Values are
 * plain text; a placeholder without a value is left out and reported so the
 * host's SMS pipeline can decide whether to send.
 */
export function renderSmsTemplate(template: string, values: Record<string, string | null | undefined>): { text: string; missing: string[] } {
  const missing: string[] = [];
  const text = template.replace(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (_m, name: string) => {
    const value = values[name];
    if (value === null || value === undefined || value === '') {
      missing.push(name);
      return '';
    }
    return value;
  });
  return { text, missing };
}
