/**
 * Where the hand-written baselines keep their data: the schema of their tables (in the
 * benchmark's throwaway database) and the delivery baseline's queue. A module of its own so
 * that the bench process, whose RSS is the host's, does not load a baseline's code to name them.
 */
export const BASELINE_SCHEMA = 'bench_baseline';
export const BASELINE_QUEUE = 'baseline-deliveries';
