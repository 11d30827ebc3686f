import { readEventPath } from './eventPaths.js';

const PLACEHOLDER = /\{([^{}]*)\}/g;

/** The event paths a template such as `"Reactivate {application.externalRef}"` reads. */
export function templatePaths(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1].trim());
}

/** Fills `{path}` placeholders from the event; a missing value renders as an empty string. */
export function renderTemplate(template: string, source: Record<string, unknown>): string {
  return template
    .replace(PLACEHOLDER, (_match, path: string) => {
      const value = readEventPath(source, path.trim());
      if (value === undefined || value === null) return '';
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
    })
    .trim();
}
