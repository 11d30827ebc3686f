import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURE = fileURLToPath(new URL('../fixtures/partner-adapter/', import.meta.url));

/** A partner package installed into a temp host folder. */
export interface InstalledPartner {
  /** The temp host folder (remove it when done). */
  host: string;
  /** The files npm packed. */
  packed: string[];
  /** The installed package's entry, to import. */
  entry: string;
}

/**
 * Packs test/fixtures/partner-adapter with `npm pack` (from a temp copy, so the
 * repository gets no tarball) and installs the tarball with `npm install --offline`
 * into a temp host folder, as a host installs a partner's adapter. lendwire, the
 * package's peer, is then linked into the host's node_modules to this checkout (npm
 * would prune a link made before; `--legacy-peer-deps` keeps it from fetching the peer).
 */
export async function installPartnerPackage(): Promise<InstalledPartner> {
  const work = mkdtempSync(join(tmpdir(), 'lendwire-partner-'));
  const source = join(work, 'source');
  cpSync(FIXTURE, source, { recursive: true });
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', work], { cwd: source });
  const [pack] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
  const host = join(work, 'host');
  mkdirSync(host);
  writeFileSync(join(host, 'package.json'), JSON.stringify({ name: 'partner-host', private: true, type: 'module' }));
  await run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--legacy-peer-deps', '--ignore-scripts', join(work, pack.filename)], { cwd: host });
  symlinkSync(REPO, join(host, 'node_modules', 'lendwire'), 'dir');
  const entry = createRequire(join(host, 'package.json')).resolve('lendwire-lender-northwind');
  return { host: work, packed: pack.files.map((f) => f.path), entry };
}
