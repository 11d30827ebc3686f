/**
 * A forked bench child (peer, baseline, load generator) ends with the bench: when the
 * parent exits, even killed or timed out, the IPC channel closes, and without this the
 * child would live on holding its servers, connections and a share of the 2 cores that
 * the next measurement needs.
 */
export function exitWithParent(): void {
  process.once('disconnect', () => process.exit(0));
}
