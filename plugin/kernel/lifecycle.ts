/** A component with background work: started by `lendwire.start()`, stopped (in reverse order) by `stop()`. */
export interface Startable {
  readonly name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /**
   * Rebuilds from Postgres whatever queue work Redis may have lost, now rather
   * than at the next interval: called after Redis comes back from an outage.
   */
  reconcileNow?(): Promise<unknown>;
}

export interface HealthResult {
  ok: boolean;
  detail?: string;
  [extra: string]: unknown;
}

/** One line of `GET /health`. */
export interface HealthCheck {
  readonly name: string;
  check(): Promise<HealthResult>;
}
