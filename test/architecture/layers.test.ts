import { expect } from 'chai';
import { posix } from 'node:path';
import { containerLookupsIn } from './containerLookups.js';
import { importsOf } from './importsOf.js';
import { MAY_IMPORT, PLUGIN_ENTRY } from './layerRules.js';
import { badLinksIn } from './markdownLinks.js';
import { repoFiles } from './repoFiles.js';

/** The folder a `plugin/` path belongs to for the rules: its top folder, or the entry file. */
function layerOf(repoPath: string): string {
  const parts = repoPath.split('/');
  return parts.length === 2 ? PLUGIN_ENTRY : parts[1];
}

/** What an import resolves to, as a name of `MAY_IMPORT`: a folder under `plugin/`, or `../<top folder>`. */
function importedLayer(fromFile: string, specifier: string): string {
  const target = posix.normalize(posix.join(posix.dirname(fromFile), specifier));
  if (!target.startsWith('plugin/')) return `../${target.split('/')[0]}`;
  return layerOf(target);
}

function report(title: string, lines: string[]): string {
  return `${title} (${lines.length}):\n  ${lines.join('\n  ')}`;
}

describe('architecture: the layers of plugin/ (docs/architecture.md)', () => {
  const pluginFiles = repoFiles('plugin', ['.ts', '.tsx', '.mts']);

  it('finds the plugin sources', () => {
    expect(pluginFiles).to.include('plugin/index.ts');
    expect(pluginFiles.length).to.be.greaterThan(100);
  });

  it('every folder imports only the folders it may (file -> import)', () => {
    const unknown = new Set<string>();
    const offending: string[] = [];
    for (const file of pluginFiles) {
      const layer = layerOf(file);
      const allowed = MAY_IMPORT[layer];
      if (!allowed) {
        unknown.add(layer);
        continue;
      }
      for (const specifier of importsOf(file)) {
        if (!specifier.startsWith('.')) continue; // packages: node:, express, ...
        const target = importedLayer(file, specifier);
        if (target !== layer && !allowed.includes(target)) offending.push(`${file} -> ${specifier}   (${layer} -> ${target})`);
      }
    }
    expect([...unknown], 'folders under plugin/ that layerRules.ts does not know (add them there and to docs/architecture.md)').to.deep.equal([]);
    if (offending.length > 0) expect.fail(report('imports against the layer rules of test/architecture/layerRules.ts', offending));
  });

  it('only the composition root (plugin/app/) asks the container for anything', () => {
    const offending = pluginFiles
      .filter((file) => !file.startsWith('plugin/app/'))
      .map((file) => ({ file, lookups: containerLookupsIn(file) }))
      .filter(({ lookups }) => lookups.length > 0)
      .map(({ file, lookups }) => `${file}: ${lookups.length} (lines ${[...new Set(lookups.map((at) => at.split(':')[0]))].join(', ')})`);
    if (offending.length > 0) expect.fail(report('container lookups outside plugin/app/', offending));
  });

  it('imports reflect-metadata exactly once, in the composition root', () => {
    const importers = ['plugin', 'adapters', 'host-example']
      .flatMap((folder) => repoFiles(folder, ['.ts', '.tsx', '.mts']))
      .filter((file) => importsOf(file).includes('reflect-metadata'));
    expect(importers, 'files importing reflect-metadata').to.have.lengthOf(1);
    expect(importers[0]).to.match(/^plugin\/app\//);
  });

  it('no markdown file links outside the repository or to something that is not there', () => {
    const offending = repoFiles('.', ['.md']).flatMap((file) =>
      badLinksIn(file).map((link) => `${file}:${link.line}: ${link.target} ${link.reason}`),
    );
    if (offending.length > 0) expect.fail(report('markdown links', offending));
  });
});
