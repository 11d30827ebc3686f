import { readFileSync } from 'node:fs';
import type { ErrorObject } from 'ajv/dist/2020.js';
import semver from 'semver';
import schema from './manifest.schema.json' with { type: 'json' };
import { ConfigurationError, type FieldProblem } from '../errors/index.js';
import { HOST_API_VERSION } from './hostApi.js';
import { createAjv } from './createAjv.js';
import type { Manifest } from './Manifest.js';
import type { ManifestCheck } from './ManifestCheck.js';

const validate = createAjv({ useDefaults: true }).compile<Manifest>(schema);

/** Turns ajv's errors into one problem per failing path, in words an admin understands. */
export function describeAjvErrors(errors: ErrorObject[] | null | undefined): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const e of errors ?? []) {
    // A failing `oneOf` also reports each branch; the branch errors say more.
    if (e.keyword === 'oneOf' || e.keyword === 'if') continue;
    let path = e.instancePath || '/';
    let message = e.message ?? 'is invalid';
    if (e.keyword === 'required') path = `${e.instancePath}/${(e.params as { missingProperty: string }).missingProperty}`;
    if (e.keyword === 'additionalProperties') {
      path = `${e.instancePath}/${(e.params as { additionalProperty: string }).additionalProperty}`;
      message = 'is not a known property';
    }
    if (e.keyword === 'required') message = 'is required';
    if (e.keyword === 'enum') message = `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
    if (!problems.some((p) => p.path === path && p.message === message)) problems.push({ path, message });
  }
  return problems;
}

function duplicateIds(list: { id: string }[], pointer: string): FieldProblem[] {
  const seen = new Map<string, number>();
  const problems: FieldProblem[] = [];
  list.forEach((item, index) => {
    const first = seen.get(item.id);
    if (first !== undefined) problems.push({ path: `${pointer}/${index}/id`, message: `duplicates the id "${item.id}" of ${pointer}/${first}` });
    else seen.set(item.id, index);
  });
  return problems;
}

/**
 * Checks the manifest against its JSON Schema, its own cross-field rules and the
 * features' `checks`; reports every problem at once. Hosts call `parseManifest`
 * (plugin/app), which passes every feature's checks.
 */
export function readManifest(input: unknown, checks: readonly ManifestCheck[], source = 'manifest'): Manifest {
  const copy = structuredClone(input);
  if (!validate(copy)) {
    throw new ConfigurationError(`Invalid lendwire manifest (${source})`, describeAjvErrors(validate.errors));
  }
  // Every default (empty lists, security, retention, runtime, basePath...) is in the schema: ajv has filled them in.
  const manifest = copy;

  const problems: FieldProblem[] = [
    ...duplicateIds(manifest.lenders, '/lenders'),
    ...duplicateIds(manifest.subscriptions, '/subscriptions'),
    ...duplicateIds(manifest.crm, '/crm'),
    ...checks.flatMap((check) => check(manifest)),
  ];
  if (!semver.validRange(manifest.hostApi)) {
    problems.push({ path: '/hostApi', message: `"${manifest.hostApi}" is not a semver range` });
  } else if (!semver.satisfies(HOST_API_VERSION, manifest.hostApi)) {
    problems.push({ path: '/hostApi', message: `requires host API ${manifest.hostApi} but this lendwire implements ${HOST_API_VERSION}` });
  }
  const enc = manifest.security.encryption;
  if (enc && !(enc.activeKeyId in enc.keys)) {
    problems.push({ path: '/security/encryption/activeKeyId', message: `names key "${enc.activeKeyId}" which is not in /security/encryption/keys` });
  }
  if (problems.length) throw new ConfigurationError(`Invalid lendwire manifest (${source})`, problems);
  return manifest;
}

/** Reads a manifest from a JSON file and validates it (see readManifest). */
export function readManifestFile(path: string, checks: readonly ManifestCheck[]): Manifest {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigurationError(`Cannot read lendwire manifest ${path}`, [], { cause: err });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ConfigurationError(`Lendwire manifest ${path} is not valid JSON`, [], { cause: err });
  }
  return readManifest(json, checks, path);
}
