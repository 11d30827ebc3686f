/** One `packages` entry of an npm lockfile (v3), as much of it as the closure needs. */
interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  dev?: boolean;
  optional?: boolean;
  peer?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  [field: string]: unknown;
}

/** An npm lockfile (v3). */
export interface Lockfile {
  name: string;
  version?: string;
  lockfileVersion: number;
  requires?: boolean;
  packages: Record<string, LockEntry>;
}

/** The installed tarball as the host's lockfile names it. */
export interface PackedTarball {
  /** Path relative to the host folder, e.g. `lendwire-0.1.0.tgz`. */
  file: string;
  integrity: string;
  /** The packed package.json. */
  manifest: { name: string; version: string; dependencies?: Record<string, string>; peerDependencies?: Record<string, string>; bin?: Record<string, string>; engines?: Record<string, string> };
}

/** Where node would find `name` from the package at `from` (its own node_modules, then each parent's). */
function locate(packages: Record<string, LockEntry>, from: string, name: string): string | undefined {
  let base = from;
  for (;;) {
    const candidate = `${base ? `${base}/` : ''}node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (!base) return undefined;
    const cut = base.lastIndexOf('/node_modules/');
    base = cut === -1 ? '' : base.slice(0, cut);
  }
}

/**
 * The lockfile of a fresh host app that installs the packed tarball and its own
 * `hostDependencies`, with every version taken from the project's lockfile: `npm ci
 * --offline` then installs it from the npm cache, exactly the versions CI tests with.
 * (`npm install <names>` would need the registry's full package documents, which an
 * offline cache may not hold.)
 */
export function hostLockfile(project: Lockfile, tarball: PackedTarball, hostDependencies: string[]): Lockfile {
  const source = project.packages;
  const rootDeps: Record<string, string> = { [tarball.manifest.name]: `file:${tarball.file}` };
  for (const name of hostDependencies) {
    const entry = source[`node_modules/${name}`];
    if (!entry?.version) throw new Error(`${name} is not in the project's lockfile`);
    rootDeps[name] = entry.version;
  }
  const packages: Record<string, LockEntry> = {
    '': { name: 'lendwire-packaging-host', dependencies: rootDeps },
    [`node_modules/${tarball.manifest.name}`]: {
      version: tarball.manifest.version,
      resolved: `file:${tarball.file}`,
      integrity: tarball.integrity,
      dependencies: tarball.manifest.dependencies,
      peerDependencies: tarball.manifest.peerDependencies,
      bin: tarball.manifest.bin,
      engines: tarball.manifest.engines,
    },
  };
  const queue: { from: string; name: string; optional: boolean }[] = [...Object.keys(tarball.manifest.dependencies ?? {}), ...hostDependencies].map((name) => ({ from: '', name, optional: false }));
  while (queue.length) {
    const { from, name, optional } = queue.shift()!;
    const path = locate(source, from, name);
    if (!path) {
      // An optional dependency for another platform is not in the lockfile; anything else must be.
      if (optional) continue;
      throw new Error(`${name} (needed by ${from || 'the host'}) is not in the project's lockfile`);
    }
    if (packages[path]) continue;
    const { dev: _dev, peer: _peer, devOptional: _devOptional, ...entry } = source[path];
    packages[path] = entry;
    for (const dep of Object.keys(entry.dependencies ?? {})) queue.push({ from: path, name: dep, optional: false });
    for (const dep of Object.keys(entry.optionalDependencies ?? {})) queue.push({ from: path, name: dep, optional: true });
  }
  return { name: 'lendwire-packaging-host', lockfileVersion: 3, requires: true, packages };
}
