import type { FieldProblem } from '../errors/index.js';
import type { Manifest } from '../manifest/Manifest.js';
import { APPLICATION_STATUSES, isApplicationStatus } from '../sdk/statuses.js';
import { readCrmMapping } from './CrmMapping.js';
import { eventPathProblem } from './eventPaths.js';
import { templatePaths } from './template.js';

/** JSON Pointer escaping for a key used as one path segment. */
const pointerKey = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

function closest(word: string): string {
  // Suggest the status with the longest common prefix: "aproved" -> "approved" is the usual typo.
  let best: string = APPLICATION_STATUSES[0];
  let bestScore = -1;
  for (const status of APPLICATION_STATUSES) {
    let score = 0;
    while (score < Math.min(word.length, status.length) && word[score] === status[score]) score += 1;
    const sharedLetters = [...new Set(word)].filter((c) => status.includes(c)).length;
    if (score * 10 + sharedLetters > bestScore) {
      bestScore = score * 10 + sharedLetters;
      best = status;
    }
  }
  return best;
}

function unknownStatus(status: string): string {
  return `"${status}" is not an application status (did you mean "${closest(status)}"? statuses: ${APPLICATION_STATUSES.join(', ')})`;
}

/**
 * Cross-checks of the manifest's CRM targets the JSON Schema cannot express:
 * stage and action keys must be normalized statuses, field keys and template
 * placeholders must be event paths. Adapter-specific checks run at start,
 * once adapters are registered.
 */
export function checkCrmTargets(manifest: Pick<Manifest, 'crm'>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  (manifest.crm ?? []).forEach((crm, index) => {
    const base = `/crm/${index}`;
    const mapping = readCrmMapping(crm);
    for (const status of Object.keys(crm.stages ?? {})) {
      if (!isApplicationStatus(status)) problems.push({ path: `${base}/stages/${pointerKey(status)}`, message: unknownStatus(status) });
    }
    for (const status of Object.keys(crm.actions ?? {})) {
      // A key with a dot names an event type (e.g. application.reactivation_due): its task follows each such event.
      if (!status.includes('.') && !isApplicationStatus(status)) problems.push({ path: `${base}/actions/${pointerKey(status)}`, message: unknownStatus(status) });
    }
    const seen = new Map<string, string>();
    for (const field of mapping.fields) {
      const path = `${base}/fields/${pointerKey(field.path)}`;
      const problem = eventPathProblem(field.path);
      if (problem) problems.push({ path, message: `"${field.path}" ${problem}` });
      if (field.property === mapping.link.property) {
        problems.push({ path, message: `writes ${field.property}, the property /crm/${index}/link/property uses to find the deal; it must not be overwritten` });
      }
      const earlier = seen.get(field.property);
      if (earlier !== undefined) problems.push({ path, message: `writes ${field.property}, which "${earlier}" already writes; map each CRM property once` });
      else seen.set(field.property, field.path);
    }
    const templates: [string, string][] = [];
    if (typeof crm.link?.name === 'string') templates.push([`${base}/link/name`, crm.link.name]);
    for (const [status, spec] of Object.entries(crm.actions ?? {})) {
      const list = Array.isArray(spec) ? spec : [spec];
      list.forEach((action: { subject?: unknown; body?: unknown }, i) => {
        const at = Array.isArray(spec) ? `${base}/actions/${pointerKey(status)}/${i}` : `${base}/actions/${pointerKey(status)}`;
        if (typeof action?.subject === 'string') templates.push([`${at}/subject`, action.subject]);
        if (typeof action?.body === 'string') templates.push([`${at}/body`, action.body]);
      });
    }
    for (const [path, template] of templates) {
      for (const placeholder of templatePaths(template)) {
        const problem = eventPathProblem(placeholder);
        if (problem) problems.push({ path, message: `placeholder {${placeholder}} ${problem}` });
      }
    }
  });
  return problems;
}
