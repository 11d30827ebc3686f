/** The UTC calendar day `days` days after `from` (default: now), as YYYY-MM-DD. */
export const isoDateInDays = (days: number, from: number = Date.now()): string => new Date(from + days * 86_400_000).toISOString().slice(0, 10);
