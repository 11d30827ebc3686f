/** Where a lendwire instance is in its life: `start()` and `stop()` move it, the `workers` health line reads it. */
export class RunState {
  state: 'created' | 'starting' | 'started' | 'stopped' = 'created';
}
