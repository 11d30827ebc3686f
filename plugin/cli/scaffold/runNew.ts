import { LENDWIRE_VERSION } from '../../kernel/lendwireVersion.js';
import { scaffoldAdapter } from './scaffoldAdapter.js';

/** `lendwire new <kind> <id> [--package <dir>]`: scaffolds an adapter and says what it wrote and what is next. */
export function runNew(args: readonly string[]): string {
  const at = args.indexOf('--package');
  const packageDir = at >= 0 ? args[at + 1] : undefined;
  if (at >= 0 && !packageDir) throw new Error('--package needs a folder');
  const [kind, id] = args.filter((_, i) => at < 0 || (i !== at && i !== at + 1));
  if (!kind || !id) throw new Error('usage: lendwire new lender|crm|transport <id> [--package <dir>]');
  const { dir, files } = scaffoldAdapter({ kind, id, packageDir, lendwireVersion: LENDWIRE_VERSION });
  return `wrote ${dir}:\n  ${files.join('\n  ')}\nnext: fill the TODOs, then run the conformance test (see its README.md)`;
}
