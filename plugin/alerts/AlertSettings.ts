import type { Manifest } from '../manifest/Manifest.js';

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

/** The defaults, with the backlog threshold the manifest gives the delivery engine (`delivery.backlogThreshold`). */
export function alertSettingsFor(manifest: Pick<Manifest, 'delivery'>): AlertSettings {
  return { ...DEFAULT_ALERT_SETTINGS, backlogThreshold: manifest.delivery?.backlogThreshold ?? DEFAULT_ALERT_SETTINGS.backlogThreshold };
}

/** Problems with alert settings given to createLendwire (empty when fine). */
export function alertSettingsProblems(s: AlertSettings): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  const positive = (key: keyof AlertSettings) => {
    if (typeof s[key] !== 'number' || !(s[key] > 0)) problems.push({ path: `/alerts/${key}`, message: 'must be a positive number' });
  };
  (['checkIntervalMs', 'windowMinutes', 'vendorLatencyMs', 'backlogThreshold'] as const).forEach(positive);
  if (typeof s.callbackSuccessRate !== 'number' || s.callbackSuccessRate < 0 || s.callbackSuccessRate > 1) problems.push({ path: '/alerts/callbackSuccessRate', message: 'must be between 0 and 1' });
  if (!Number.isInteger(s.minCallbacks) || s.minCallbacks < 0) problems.push({ path: '/alerts/minCallbacks', message: 'must be a non-negative integer' });
  return problems;
}
