/** A database time (Date or text) as ISO 8601 UTC text for an API answer; null when there is none. */
export const isoTime = (value: unknown): string | null => (value ? new Date(value as string).toISOString() : null);
