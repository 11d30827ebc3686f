/**
 * `npm run build`'s second step: bundles the dashboard into dist/, beside the
 * compiled dashboard routes that serve it (dist/plugin/admin/dashboard/public/).
 */
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleDashboard, writeDashboard } from '../plugin/admin/dashboard/bundleDashboard.js';
import { PREBUILT_FOLDER } from '../plugin/admin/dashboard/dashboardFiles.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const routesFolder = join(root, 'plugin', 'admin', 'dashboard');
const out = join(root, 'dist', relative(root, routesFolder), PREBUILT_FOLDER);
const files = await bundleDashboard();
await writeDashboard(out, files);
const sizes = [...files].map(([name, body]) => `${name} ${(body.length / 1024).toFixed(1)} KB`).join(', ');
console.log(`dashboard: ${relative(root, out)}: ${sizes}`);
