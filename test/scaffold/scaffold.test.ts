import { expect } from 'chai';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scaffoldAdapter } from '../../plugin/cli/scaffold/scaffoldAdapter.js';
import { runNew } from '../../plugin/cli/scaffold/runNew.js';
import { runMocha, tempWorkspace, typeCheck } from './generatedPackage.js';

const FILLED = new URL('./filled-lender/', import.meta.url);

describe('lendwire new: the adapter scaffold', function () {
  this.timeout(120_000);
  let workspace: string;
  before(() => {
    workspace = tempWorkspace();
  });
  after(() => rmSync(workspace, { recursive: true, force: true }));

  describe('refuses, before writing anything', () => {
    it('a command line without kind and id, or --package without a folder, with the usage', () => {
      expect(() => runNew([])).to.throw(/usage: lendwire new lender\|crm\|transport <id>/);
      expect(() => runNew(['lender'])).to.throw(/usage/);
      expect(() => runNew(['lender', 'acme', '--package'])).to.throw(/--package needs a folder/);
    });
    it('an unknown kind, naming the kinds it knows', () => {
      expect(() => scaffoldAdapter({ kind: 'bank', id: 'acme', packageDir: join(workspace, 'x') })).to.throw(/unknown adapter kind "bank": use one of lender, crm, transport/);
    });
    for (const id of ['Acme', '9acme', 'acme_bank', 'a', 'acme--bank', '../acme', 'acme-']) {
      it(`the bad id "${id}"`, () => {
        expect(() => scaffoldAdapter({ kind: 'lender', id, packageDir: join(workspace, 'bad') })).to.throw(new RegExp(`adapter id "${id.replace(/[.]/g, '\\.')}"`));
        expect(readdirSync(workspace)).to.not.include('bad');
      });
    }
    it('an existing folder, leaving it as it was', () => {
      const root = mkdtempSync(join(tmpdir(), 'lendwire-repo-'));
      mkdirSync(join(root, 'adapters', 'lenders', 'acme'), { recursive: true });
      try {
        expect(() => scaffoldAdapter({ kind: 'lender', id: 'acme', root })).to.throw(/already exists/);
        expect(readdirSync(join(root, 'adapters', 'lenders', 'acme'))).to.deep.equal([]);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    });
  });

  it('lendwire new --package says where it wrote and what comes next', () => {
    const out = runNew(['--package', join(workspace, 'cli-made'), 'lender', 'cli-made']);
    expect(out).to.include(join(workspace, 'cli-made')).and.include('cliMade.conformance.test.ts').and.include('fill the TODOs');
    expect(JSON.parse(readFileSync(join(workspace, 'cli-made', 'package.json'), 'utf8')).peerDependencies.lendwire).to.match(/^>=\d+\.\d+\.\d+$/);
  });

  it('writes a lender into adapters/lenders/<id>/ of a repository', () => {
    const root = mkdtempSync(join(tmpdir(), 'lendwire-repo-'));
    try {
      const { dir, files } = scaffoldAdapter({ kind: 'lender', id: 'acme-bank', root });
      expect(dir).to.equal(join(root, 'adapters', 'lenders', 'acme-bank'));
      expect(files).to.include.members(['index.ts', 'acmeBankSettings.schema.json', 'README.md', 'fixtures/callback.approved.json', 'acmeBank.conformance.test.ts']);
      expect(files, 'no package files in repository mode').to.not.include('package.json');
      expect(readFileSync(join(dir, 'index.ts'), 'utf8')).to.include("id: 'acme-bank'").and.not.match(/__\w+__/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  for (const [kind, id, test] of [
    ['crm', 'acme-crm', 'acmeCrm.conformance.test.ts'],
    ['transport', 'acme-relay', 'acmeRelay.conformance.test.ts'],
  ] as const) {
    it(`a standalone ${kind} package type-checks and its kit fails on the TODO only`, async () => {
      const { dir, files } = scaffoldAdapter({ kind, id, packageDir: join(workspace, id) });
      expect(files).to.include.members(['index.ts', 'README.md', 'package.json', test]);
      expect(await typeCheck(dir)).to.equal('');
      const { passes, failures } = await runMocha(dir, test);
      expect(failures.length, 'failing rules').to.be.greaterThan(5);
      expect(failures.filter((f) => !/TODO: /.test(f.err.message ?? '')).map((f) => `${f.title}: ${f.err.message}`), 'failures not caused by the TODO').to.deep.equal([]);
      expect(passes.map((p) => p.title)).to.deep.equal([]);
    });
  }

  describe('a standalone lender package', () => {
    let dir: string;
    before(() => {
      dir = scaffoldAdapter({ kind: 'lender', id: 'acme-bank', packageDir: join(workspace, 'acme-bank'), lendwireVersion: '0.1.0' }).dir;
    });

    it('depends on lendwire and imports only lendwire/sdk and lendwire/testing', () => {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { peerDependencies: Record<string, string> };
      expect(pkg.peerDependencies).to.have.property('lendwire');
      for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
        const specifiers = [...readFileSync(join(dir, file), 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1]);
        for (const s of specifiers) expect(s, `${file} imports ${s}`).to.match(/^(\.\/|node:|lendwire\/(sdk|testing)$)/);
      }
    });

    it('type-checks', async () => {
      expect(await typeCheck(dir)).to.equal('');
    });

    it('its conformance test runs and fails on the TODOs only', async () => {
      const { passes, failures } = await runMocha(dir, 'acmeBank.conformance.test.ts');
      expect(failures.length, 'failing rules').to.be.greaterThan(10);
      const otherFailures = failures.filter((f) => !/TODO: /.test(f.err.message ?? ''));
      expect(otherFailures.map((f) => `${f.title}: ${f.err.message}`), 'failures not caused by a TODO').to.deep.equal([]);
      expect(passes.map((p) => p.title), 'rules that pass with TODOs left').to.deep.equal([]);
    });

    it('with its TODOs filled from the recorded fixtures, the kit goes green', async () => {
      for (const file of readdirSync(FILLED)) copyFileSync(new URL(file, FILLED), join(dir, file.replace(/\.txt$/, '')));
      expect(await typeCheck(dir)).to.equal('');
      const { passes, failures } = await runMocha(dir, 'acmeBank.conformance.test.ts');
      expect(failures.map((f) => `${f.title}: ${f.err.message}`)).to.deep.equal([]);
      expect(passes.length).to.be.greaterThan(10);
    });
  });
});
