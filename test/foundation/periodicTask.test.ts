import { expect } from 'chai';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { PeriodicTask } from '../../plugin/kernel/PeriodicTask.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('PeriodicTask', () => {
  it('never overlaps runs, logs a failed run and runs again next interval, and stop() waits for the run in flight', async () => {
    const lines: string[] = [];
    const logger = pino({}, new Writable({ write: (c, _e, cb) => (lines.push(String(c)), cb()) }));
    let active = 0;
    let maxActive = 0;
    let runs = 0;
    let finished = 0;
    const task = new PeriodicTask(
      async () => {
        runs++;
        active++;
        maxActive = Math.max(maxActive, active);
        await sleep(60);
        active--;
        finished++;
        if (runs === 1) throw new Error('first run breaks');
      },
      { name: 'test job', intervalMs: 20, firstRunAfterMs: 0, logger },
    );
    task.start();
    await sleep(200);
    expect(maxActive).to.equal(1);
    expect(runs).to.be.greaterThan(1);
    expect(lines.join('')).to.contain('test job failed; will try again').and.to.contain('first run breaks');
    await task.stop();
    expect(active).to.equal(0);
    const after = runs;
    await sleep(80);
    expect(runs).to.equal(after);
    expect(finished).to.equal(runs);
  });

  it('joins the run in flight when triggered again', async () => {
    let runs = 0;
    const task = new PeriodicTask(async () => {
      runs++;
      await sleep(30);
    }, { name: 'join', intervalMs: 10_000, logger: pino({ level: 'silent' }) });
    await Promise.all([task.trigger(), task.trigger(), task.trigger()]);
    expect(runs).to.equal(1);
    await task.stop();
  });
});
