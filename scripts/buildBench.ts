import { execFileSync } from 'node:child_process';
import { rmSync, symlinkSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * `npm run bench` runs compiled JavaScript, as a host runs lendwire: under tsx the
 * process would also hold the loader (its hooks thread, every module's compiled
 * source and source map), about 100 MB of RSS and some CPU that no host pays.
 * The whole project, tests included, is compiled to test-artifacts/bench-build/,
 * keeping the folder layout so relative paths (migrations, fixtures) still resolve.
 */
const root = fileURLToPath(new URL('../', import.meta.url));
const out = `${root}test-artifacts/bench-build`;
const tsc = `${root}node_modules/typescript/bin/tsc`;
execFileSync(process.execPath, [tsc, '-p', `${root}tsconfig.json`, '--outDir', out, '--declaration', 'false', '--sourceMap', 'false'], { stdio: 'inherit' });
// Fixtures are data, not code: the compiled tests read them where they are.
rmSync(`${out}/test/fixtures`, { recursive: true, force: true });
symlinkSync(`${root}test/fixtures`, `${out}/test/fixtures`);
