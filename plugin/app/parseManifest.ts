import type { Manifest } from '../manifest/Manifest.js';
import { readManifest, readManifestFile } from '../manifest/loadManifest.js';
import { manifestChecks } from './manifestChecks.js';

/** Checks a manifest object against the JSON Schema and every rule of the kernel and the features; reports every problem at once. */
export function parseManifest(input: unknown, source = 'manifest'): Manifest {
  return readManifest(input, manifestChecks, source);
}

/** Reads a manifest from a JSON file and checks it like parseManifest. */
export function loadManifestFile(path: string): Manifest {
  return readManifestFile(path, manifestChecks);
}
