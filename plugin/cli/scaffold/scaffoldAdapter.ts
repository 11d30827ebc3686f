import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ADAPTER_FOLDERS, adapterNames, badAdapterId, type AdapterKind } from './adapterNames.js';
import { renderTemplates } from './renderTemplates.js';
import { ScaffoldError } from './ScaffoldError.js';

/** The templates, next to this file in the sources and in dist/ (the build copies them). */
const TEMPLATES = fileURLToPath(new URL('./templates/', import.meta.url));

/** What `lendwire new` was asked for. */
export interface ScaffoldRequest {
  kind: string;
  id: string;
  /** The repository whose `adapters/<kind>/<id>/` receives the adapter (default: the current folder). */
  root?: string;
  /** Write a standalone package here instead (its own package.json depending on lendwire). */
  packageDir?: string;
  /** The lendwire version the package depends on. */
  lendwireVersion?: string;
}

/** What was written: the folder and its files (relative paths). */
export interface ScaffoldResult {
  dir: string;
  files: string[];
}

function isKind(kind: string): kind is AdapterKind {
  return Object.hasOwn(ADAPTER_FOLDERS, kind);
}

/**
 * Writes a new adapter's skeleton, settings schema, README, recorded fixtures
 * and conformance test from `templates/<kind>/` (plus `templates/package/` for
 * a standalone package). Refuses an unknown kind, a bad id and a folder that
 * already exists, before writing anything.
 */
export function scaffoldAdapter(request: ScaffoldRequest): ScaffoldResult {
  const { kind, id } = request;
  if (!isKind(kind)) throw new ScaffoldError(`unknown adapter kind "${kind}": use one of ${Object.keys(ADAPTER_FOLDERS).join(', ')}`);
  const bad = badAdapterId(id);
  if (bad) throw new ScaffoldError(bad);
  const dir = request.packageDir ? resolve(request.packageDir) : resolve(request.root ?? '.', 'adapters', ADAPTER_FOLDERS[kind], id);
  if (existsSync(dir)) throw new ScaffoldError(`${dir} already exists: lendwire new writes only into a new folder`);
  const values = { ...adapterNames(id), kind, VERSION: request.lendwireVersion ?? '0.1.0' };
  const files = [...renderTemplates(join(TEMPLATES, kind), values), ...(request.packageDir ? renderTemplates(join(TEMPLATES, 'package'), values) : [])];
  for (const file of files) {
    mkdirSync(dirname(join(dir, file.path)), { recursive: true });
    writeFileSync(join(dir, file.path), file.text, { flag: 'wx' });
  }
  return { dir, files: files.map((f) => f.path) };
}
