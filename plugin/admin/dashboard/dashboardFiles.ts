import { readdir, readFile } from 'node:fs/promises';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The dashboard's files by name: `index.html`, `dashboard.js`, `dashboard.css`, `favicon.svg`. */
export type DashboardFiles = Map<string, Buffer>;

/** The folder, beside the compiled dashboard routes in dist/, where `npm run build` writes the dashboard. */
export const PREBUILT_FOLDER = 'public';

const HERE = dirname(fileURLToPath(import.meta.url));
/** Under tsx (tests, `node --import tsx`) this module is its own .ts source: there is no prebuilt dashboard beside it. */
const RUNNING_FROM_SOURCES = import.meta.url.endsWith('.ts');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** The Content-Type a dashboard file is served with. */
export function contentTypeOf(name: string): string {
  return CONTENT_TYPES[extname(name)] ?? 'application/octet-stream';
}

/** Reads a dashboard that `writeDashboard` wrote; says what to run when there is none. */
export async function readDashboardFiles(dir: string): Promise<DashboardFiles> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    throw new Error(`The dashboard is not built: ${dir} is missing (npm run build writes it)`, { cause: err });
  }
  const files: DashboardFiles = new Map();
  for (const name of names) files.set(name, await readFile(join(dir, name)));
  return files;
}

let loading: Promise<DashboardFiles> | undefined;

/**
 * The dashboard's files, loaded once per process on first use: from dist/ the
 * ones `npm run build` wrote; from the TypeScript sources a fresh in-memory
 * build (esbuild takes a fraction of a second), so tests always see the code
 * they run with. A failed load is tried again on the next request.
 */
export function dashboardFiles(): Promise<DashboardFiles> {
  loading ??= (RUNNING_FROM_SOURCES ? import('./bundleDashboard.js').then((b) => b.bundleDashboard()) : readDashboardFiles(join(HERE, PREBUILT_FOLDER))).catch(
    (err: unknown) => {
      loading = undefined;
      throw err;
    },
  );
  return loading;
}
