/** A component with background work: started by `lendwire.start()`, stopped (in reverse order) by `stop()`. */
export interface Startable {
  readonly name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
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
