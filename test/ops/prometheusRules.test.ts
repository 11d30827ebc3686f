import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { RULES_FILE, promtool } from './opsPack.js';

/** The text of each `- alert:` block of the rules file, by alert name. */
function alertBlocks(): Map<string, string> {
  const blocks = new Map<string, string>();
  for (const block of readFileSync(RULES_FILE, 'utf8').split(/^\s*- alert: /m).slice(1)) blocks.set(block.split('\n')[0].trim(), block);
  return blocks;
}

describe('ops pack: Prometheus alerting rules (promtool)', () => {
  it('pass `promtool check rules` (syntax, PromQL, templates, no duplicate rules): six alerts', () => {
    const { code, output } = promtool(['check', 'rules', '--lint=all', '--lint-fatal', RULES_FILE]);
    expect(code, output).to.equal(0);
    expect(output).to.match(/SUCCESS: 6 rules found/);
  });

  it('fire and stay quiet as test/ops/lendwire.rules.test.yml expects (`promtool test rules`), alert by alert', () => {
    const { code, output } = promtool(['test', 'rules', 'test/ops/lendwire.rules.test.yml']);
    expect(code, output).to.equal(0);
    expect(output).to.match(/SUCCESS/);
  });

  it('cover the six conditions, each with for, a severity, a summary, a description and a runbook', () => {
    const blocks = alertBlocks();
    expect([...blocks.keys()]).to.have.members([
      'LendwireCallbackSuccessRateLow',
      'LendwireDeadLetters',
      'LendwireDeliveryBacklog',
      'LendwireOutboxLag',
      'LendwireVendorLatencyHigh',
      'LendwireCircuitOpen',
    ]);
    const tested = readFileSync('test/ops/lendwire.rules.test.yml', 'utf8');
    for (const [name, block] of blocks) {
      for (const field of ['for:', 'severity:', 'summary:', 'description:', 'runbook:']) expect(block, `${name} ${field}`).to.include(field);
      expect(tested, `${name} has a promtool test`).to.include(`alertname: ${name}`);
    }
  });
});
