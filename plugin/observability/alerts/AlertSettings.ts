/** When lendwire raises operations alerts; every value has a default (see DEFAULT_ALERT_SETTINGS). */
export interface AlertSettings {
  /** How often conditions are checked, ms. */
  checkIntervalMs: number;
  /** Window for rates and latencies, minutes. */
  windowMinutes: number;
  /** Raise when the share of successfully processed callbacks in the window falls under this. */
  callbackSuccessRate: number;
  /** ... but only when at least this many callbacks were processed (one bad callback at night is not an incident). */
  minCallbacks: number;
  /** Raise when the 95th percentile of vendor submission latency in the window is over this, ms. */
  vendorLatencyMs: number;
  /** Raise when one endpoint has more unfinished deliveries than this. */
  backlogThreshold: number;
}

export const DEFAULT_ALERT_SETTINGS: AlertSettings = {
  checkIntervalMs: 30_000,
  windowMinutes: 5,
  callbackSuccessRate: 0.95,
  minCallbacks: 10,
  vendorLatencyMs: 5000,
  backlogThreshold: 1000,
};
