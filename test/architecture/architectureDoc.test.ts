import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ARCHITECTURE_DOC, folderTable } from './folderTable.js';
import { FEATURES, MAY_IMPORT, PLUGIN_ENTRY, SHARED_KERNEL } from './layerRules.js';
import { REPO_ROOT, repoFolders } from './repoFiles.js';

/** The rule name of a table row: the top folder under `plugin/`, or the entry file; undefined for a subfolder or outside `plugin/`. */
function ruleNameOf(folder: string): string | undefined {
  if (folder === 'plugin/index.ts') return PLUGIN_ENTRY;
  const top = /^plugin\/([^/]+)\/$/.exec(folder);
  return top?.[1];
}

/** What the "may import" column says, in the names `layerRules.ts` uses. */
function allowedBy(mayImport: string): string[] {
  const names = new Set<string>();
  if (mayImport.includes('the shared kernel')) SHARED_KERNEL.forEach((name) => names.add(name));
  if (mayImport.includes('every feature')) FEATURES.forEach((name) => names.add(name));
  for (const [, written] of mayImport.matchAll(/`([^`]+)`/g)) {
    const name = written.replace(/\/$/, '');
    names.add(name in MAY_IMPORT || !existsSync(join(REPO_ROOT, name)) ? name : `../${name}`);
  }
  return [...names].sort();
}

describe(`architecture: the folder table of ${ARCHITECTURE_DOC}`, () => {
  const rows = folderTable();
  const documented = new Set(rows.map((row) => row.folder));

  it('lists every folder under plugin/ (so it cannot rot)', () => {
    const missing = repoFolders('plugin')
      .map((folder) => `${folder}/`)
      .filter((folder) => !documented.has(folder));
    expect(missing, `folders under plugin/ without a row in ${ARCHITECTURE_DOC}`).to.deep.equal([]);
  });

  it('lists the folders at the top of the repository and the entry file', () => {
    for (const folder of ['plugin/index.ts', 'adapters/', 'migrations/', 'host-example/', 'test/']) expect(documented, folder).to.include(folder);
  });

  it('gives every row a responsibility and a "may import"', () => {
    const empty = rows.filter((row) => !row.responsibility || !row.mayImport).map((row) => row.folder);
    expect(empty).to.deep.equal([]);
  });

  it('marks exactly the kernel folders *kernel* and the feature folders *feature*', () => {
    const marked = (mark: string) =>
      rows
        .filter((row) => row.responsibility.startsWith(`*${mark}*`))
        .map((row) => ruleNameOf(row.folder))
        .sort();
    expect(marked('kernel')).to.deep.equal([...SHARED_KERNEL].sort());
    expect(marked('feature')).to.deep.equal([...FEATURES].sort());
  });

  it('says for each folder under plugin/ what test/architecture/layerRules.ts enforces', () => {
    const disagreements: string[] = [];
    for (const row of rows) {
      const rule = ruleNameOf(row.folder);
      if (rule === undefined) continue;
      const inCode = [...new Set(MAY_IMPORT[rule] ?? [])].sort();
      const inDoc = allowedBy(row.mayImport);
      if (JSON.stringify(inCode) !== JSON.stringify(inDoc)) disagreements.push(`${row.folder}: doc says [${inDoc.join(', ')}], layerRules.ts says [${inCode.join(', ')}]`);
    }
    const ruled = new Set(rows.map((row) => ruleNameOf(row.folder)));
    for (const rule of Object.keys(MAY_IMPORT)) if (!ruled.has(rule)) disagreements.push(`${rule}: in layerRules.ts, no row in the doc`);
    expect(disagreements).to.deep.equal([]);
  });
});
