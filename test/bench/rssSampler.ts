import { readFileSync, writeFileSync } from 'node:fs';

const MB = 1024 * 1024;

/** The kernel's peak resident set size of this process (VmHWM), in MB; undefined off Linux. */
function kernelPeakMb(): number | undefined {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

export interface RssReport {
  /** Largest sampled RSS, MB. */
  maxMb: number;
  /** The kernel's own peak over the same span (catches spikes between samples), MB, where available. */
  peakMb?: number;
  /** Largest sampled V8 heap in use and memory outside it (Buffers, e.g. bodies and Redis replies), MB: where the RSS goes. */
  heapUsedMb: number;
  externalMb: number;
  samples: number;
}

/**
 * Samples the host process' RSS (lendwire runs in the bench process; the load
 * generators are child processes and not counted) every `intervalMs` while a
 * benchmark runs. On Linux the kernel's peak is reset at the start
 * (clear_refs 5) and read at the end, so a spike between samples is not missed.
 */
export class RssSampler {
  private maxBytes = 0;
  private maxHeapUsed = 0;
  private maxExternal = 0;
  private samples = 0;
  private timer?: NodeJS.Timeout;

  start(intervalMs = 100): void {
    try {
      writeFileSync('/proc/self/clear_refs', '5');
    } catch {
      // not Linux, or not allowed: the samples alone
    }
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  stop(): RssReport {
    clearInterval(this.timer);
    this.sample();
    const peakMb = kernelPeakMb();
    const round = (n: number) => Math.round(n * 10) / 10;
    return {
      maxMb: round(this.maxBytes / MB),
      ...(peakMb !== undefined ? { peakMb: round(Math.max(peakMb, this.maxBytes / MB)) } : {}),
      heapUsedMb: round(this.maxHeapUsed / MB),
      externalMb: round(this.maxExternal / MB),
      samples: this.samples,
    };
  }

  private sample(): void {
    const m = process.memoryUsage();
    this.maxBytes = Math.max(this.maxBytes, m.rss);
    this.maxHeapUsed = Math.max(this.maxHeapUsed, m.heapUsed);
    this.maxExternal = Math.max(this.maxExternal, m.external);
    this.samples++;
  }
}
