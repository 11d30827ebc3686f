import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleDashboard, writeDashboard } from '../../plugin/admin/dashboard/bundleDashboard.js';
import { contentTypeOf, dashboardFiles, readDashboardFiles } from '../../plugin/admin/dashboard/dashboardFiles.js';

describe('dashboard bundle (esbuild, no runtime CDN)', () => {
  it('builds the page, one minified script, the styles and the icon, the same way every time', async () => {
    const first = await bundleDashboard();
    const second = await bundleDashboard();
    expect([...first.keys()].sort()).to.deep.equal(['dashboard.css', 'dashboard.js', 'favicon.svg', 'index.html']);
    for (const [name, body] of first) expect(body.equals(second.get(name)!), name).to.equal(true);
    const js = first.get('dashboard.js')!.toString('utf8');
    // One self-contained script, nothing the CSP (script-src 'self', no 'unsafe-eval') would refuse.
    expect(js).not.to.match(/\beval\(|new Function\(/);
    expect(js).not.to.match(/import\s*\(|\bimport\s*\{/);
  });

  it('serves from sources a fresh build, and from dist the files npm run build wrote', async () => {
    const served = await dashboardFiles();
    const built = await bundleDashboard();
    expect(served.get('dashboard.js')!.equals(built.get('dashboard.js')!)).to.equal(true);
    const dir = await mkdtemp(join(tmpdir(), 'lendwire-dashboard-'));
    try {
      await writeDashboard(dir, built);
      const read = await readDashboardFiles(dir);
      expect([...read.keys()].sort()).to.deep.equal([...built.keys()].sort());
      for (const [name, body] of built) expect(read.get(name)!.equals(body), name).to.equal(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    await readDashboardFiles(join(tmpdir(), 'lendwire-no-such-dashboard')).then(
      () => expect.fail('read a dashboard that is not there'),
      (err: Error) => expect(err.message).to.include('npm run build'),
    );
  });

  it('names the Content-Type of each file', () => {
    expect(contentTypeOf('favicon.svg')).to.equal('image/svg+xml');
    expect(contentTypeOf('dashboard.js')).to.equal('text/javascript; charset=utf-8');
    expect(contentTypeOf('dashboard.css')).to.equal('text/css; charset=utf-8');
    expect(contentTypeOf('index.html')).to.equal('text/html; charset=utf-8');
  });
});
