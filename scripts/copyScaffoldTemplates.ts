import { cpSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** `npm run build`: the scaffold's templates are not TypeScript for tsc, so they are copied to dist/ as they are. */
const from = fileURLToPath(new URL('../plugin/cli/scaffold/templates/', import.meta.url));
const to = fileURLToPath(new URL('../dist/plugin/cli/scaffold/templates/', import.meta.url));
cpSync(from, to, { recursive: true });
console.log(`copied the scaffold templates to ${to}`);
