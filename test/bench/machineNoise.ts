import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A DAMON monitor the kernel runs (kdamond), as its sysfs interface describes it. */
export interface Kdamond {
  state: string;
  /** How often it samples page accesses, in ms. */
  sampleMs: number | null;
  /** What its schemes do with the pages they pick, e.g. "pageout". */
  actions: string[];
}

const DAMON = '/sys/kernel/mm/damon/admin/kdamonds';

const read = (path: string): string | null => {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return null;
  }
};

const entries = (path: string): string[] => {
  try {
    return readdirSync(path).filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
};

/**
 * The kernel's DAMON monitors that are on (empty where there is no DAMON, or it is off).
 * On the VMs this bench runs on, one samples physical memory every 500 ms and pages out
 * what it finds cold: while it runs, steady-rate rounds stall for tens of ms about every
 * 540 ms, and latency tails (both sides', lendwire's more: its path has more hops) follow
 * that rhythm (docs/performance.md, "2026-12-05, twelfth session"). Reported with every run, so a
 * tail can be read against it; the bench does not change the machine's kernel settings.
 */
export function activeKdamonds(): Kdamond[] {
  return entries(DAMON)
    .map((id) => {
      const context = join(DAMON, id, 'contexts', '0');
      const sampleUs = Number(read(join(context, 'monitoring_attrs', 'intervals', 'sample_us')));
      const schemes = join(context, 'schemes');
      return {
        state: read(join(DAMON, id, 'state')) ?? 'unknown',
        sampleMs: Number.isFinite(sampleUs) && sampleUs > 0 ? sampleUs / 1000 : null,
        actions: entries(schemes).map((s) => read(join(schemes, s, 'action')) ?? 'unknown'),
      };
    })
    .filter((k) => k.state === 'on');
}

/** One line for the bench's header: what else on the machine takes CPU in bursts. */
export function describeMachineNoise(kdamonds: readonly Kdamond[]): string {
  if (!kdamonds.length) return 'no kernel DAMON monitor on';
  return kdamonds.map((k) => `kernel DAMON monitor on (samples every ${k.sampleMs ?? '?'} ms${k.actions.length ? `, ${k.actions.join('/')}` : ''}): expect periodic stalls in latency tails`).join('; ');
}
