/** Values of a path template's placeholders; `date` is the UTC day (YYYY-MM-DD) of the event or batch, never of the attempt. */
export type PathValues = Partial<Record<'date' | 'eventType' | 'eventId' | 'subscriptionId' | 'batchId', string>>;

/**
 * Fills `{date}`, `{eventType}`, `{eventId}`, `{subscriptionId}`, `{batchId}` in a
 * path template. Values never add or climb directories: `/` and `\` in them become
 * `_`, and a value that is `.` or `..` becomes `_`,
 * so a retry or replay of the same event always writes the same path.
 */
export function renderRemotePath(template: string, values: PathValues): string {
  return template.replace(/\{([a-zA-Z]+)\}/g, (whole, name: keyof PathValues) => {
    const value = values[name];
    if (value === undefined) return whole;
    const safe = value.replace(/[/\\]/g, '_');
    return safe === '.' || safe === '..' ? '_' : safe;
  });
}
