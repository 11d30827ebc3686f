import { isDuration } from '../../kernel/durations.js';
import type { Manifest } from '../../manifest/Manifest.js';

/** The events a playbook step may emit. */
export type ReactivationEvent = 'customer_link.reminder_due' | 'application.reactivation_due' | 'application.stale';

/** One step: after this much quiet, emit this event (once per quiet spell). */
export interface ReactivationStep {
  /** e.g. 48h. */
  after: string;
  event: ReactivationEvent;
  /** The step's name in the event and in `reactivation_notices`, e.g. sms_reminder. */
  step: string;
}

const STEP_NAMES: Record<ReactivationEvent, string> = {
  'customer_link.reminder_due': 'sms_reminder',
  'application.reactivation_due': 'phone_call',
  'application.stale': 'stale',
};

/** The broker's practical cadence: an SMS reminder at 48 h, a phone call (CRM task) at 5 days, stale at 14 days. */
export const DEFAULT_REACTIVATION_STEPS: ReactivationStep[] = [
  { after: '48h', event: 'customer_link.reminder_due', step: 'sms_reminder' },
  { after: '5d', event: 'application.reactivation_due', step: 'phone_call' },
  { after: '14d', event: 'application.stale', step: 'stale' },
];

/** The manifest's playbook (`reactivation`), defaults filled in; an empty list when it is disabled. */
export function reactivationPlaybook(manifest: Pick<Manifest, 'reactivation'>): ReactivationStep[] {
  const config = manifest.reactivation ?? { enabled: true };
  if (config.enabled === false) return [];
  if (!config.steps) return DEFAULT_REACTIVATION_STEPS;
  return config.steps.filter((s) => isDuration(s.after)).map((s) => ({ after: s.after, event: s.event, step: s.step ?? STEP_NAMES[s.event] }));
}
