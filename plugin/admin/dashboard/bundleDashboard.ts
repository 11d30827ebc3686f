import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DashboardFiles } from './dashboardFiles.js';

/** Where the dashboard's TypeScript, CSS and static files live. */
export const DASHBOARD_SOURCES = join(dirname(fileURLToPath(import.meta.url)), 'ui');

/** Copied as they are. */
const STATIC_FILES = ['index.html', 'favicon.svg'];

/**
 * Builds the dashboard from its sources, in memory: `ui/main.ts` with preact and
 * htm into one minified script, `ui/dashboard.css` minified, the page and the
 * icon as they are. esbuild is a dev dependency: a published package serves the
 * files `npm run build` wrote (see dashboardFiles.ts) and never loads this.
 */
export async function bundleDashboard(): Promise<DashboardFiles> {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: [join(DASHBOARD_SOURCES, 'main.ts'), join(DASHBOARD_SOURCES, 'dashboard.css')],
    entryNames: '[name]',
    outdir: join(DASHBOARD_SOURCES, 'out'),
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    legalComments: 'none',
    charset: 'utf8',
    write: false,
    logLevel: 'silent',
  });
  const files: DashboardFiles = new Map();
  for (const out of result.outputFiles) {
    const name = basename(out.path) === 'main.js' ? 'dashboard.js' : basename(out.path);
    files.set(name, Buffer.from(out.contents));
  }
  for (const name of STATIC_FILES) files.set(name, await readFile(join(DASHBOARD_SOURCES, name)));
  return files;
}

/** Writes the built dashboard into `dir` (emptied first), for `readDashboardFiles` to serve. */
export async function writeDashboard(dir: string, files: DashboardFiles): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  for (const [name, body] of files) await writeFile(join(dir, name), body);
}
