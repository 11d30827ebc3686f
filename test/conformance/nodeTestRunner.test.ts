import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

describe('conformance kits under node:test', () => {
  it('register one test per rule with node:test’s describe / it / before / after, and they pass', async function () {
    this.timeout(90_000); // a second node process compiling TypeScript: slow on a loaded machine
    const file = fileURLToPath(new URL('./nodeTest/webhookKit.node.ts', import.meta.url));
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '--conditions=lendwire-source', '--test', '--test-reporter=tap', file], { timeout: 80_000 });
    expect(stdout).to.include('ok 1 - transport "webhook" keeps the Transport contract');
    expect(stdout).to.match(/^# tests 7$/m);
    expect(stdout).to.match(/^# fail 0$/m);
  });
});
