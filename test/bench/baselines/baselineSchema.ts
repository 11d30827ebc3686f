/** The schema the hand-written baselines keep their tables in (in the benchmark's throwaway database). */
export const BASELINE_SCHEMA = 'bench_baseline';
