import { GCProfiler, type GCProfilerResult } from 'node:v8';

/** What the collector did while a measurement ran (v8.GCProfiler). */
export interface CollectionSummary {
  scavenges: number;
  /** Pause time of the young-generation collections, ms. */
  scavengeMs: number;
  /** Bytes the young collections moved into the old generation (old-space growth across each). */
  promotedBytes: number;
  markCompacts: number;
  markCompactMs: number;
}

const OLD_SPACES = new Set(['old_space', 'code_space', 'lo_space', 'code_lo_space']);

type HeapSpaces = GCProfilerResult['statistics'][number]['beforeGC']['heapSpaceStatistics'];

const oldUsed = (spaces: HeapSpaces): number =>
  spaces.reduce((sum, s) => (OLD_SPACES.has(s.spaceName) ? sum + s.spaceUsedSize : sum), 0);

/**
 * Starts watching the collector; `stop()` sums what it did. Promoted bytes are how much the
 * old generation grew across each young collection: objects still alive after two of them,
 * or kept by old objects that are dead but not yet collected (docs/performance.md,
 * "fourteenth session").
 */
export function watchCollections(): { stop(): CollectionSummary } {
  const profiler = new GCProfiler();
  profiler.start();
  return {
    stop() {
      const summary: CollectionSummary = { scavenges: 0, scavengeMs: 0, promotedBytes: 0, markCompacts: 0, markCompactMs: 0 };
      for (const gc of profiler.stop().statistics) {
        if (gc.gcType === 'Scavenge') {
          summary.scavenges++;
          summary.scavengeMs += gc.cost / 1000;
          summary.promotedBytes += Math.max(0, oldUsed(gc.afterGC.heapSpaceStatistics) - oldUsed(gc.beforeGC.heapSpaceStatistics));
        } else if (gc.gcType === 'MarkSweepCompact') {
          summary.markCompacts++;
          summary.markCompactMs += gc.cost / 1000;
        }
      }
      return summary;
    },
  };
}
