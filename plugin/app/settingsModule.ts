import { ContainerModule } from 'inversify';
import { TOKENS } from '../kernel/tokens.js';
import { resolveRuntimeSettings } from '../kernel/RuntimeSettings.js';
import { ConfigurationError, type FieldProblem } from '../errors/index.js';
import type { Manifest } from '../manifest/Manifest.js';
import { submissionTuning, type SubmissionTuning } from '../submissions/SubmissionTuning.js';
import { SUBMISSIONS_TOKENS } from '../submissions/tokens.js';
import { ALERTS_TOKENS } from '../alerts/tokens.js';
import { alertSettingsFor, alertSettingsProblems, type AlertSettings } from '../alerts/AlertSettings.js';
import { DEFAULT_IDLE_SETTINGS, idleSettingsProblems, type IdleSettings } from '../applications/idle/IdleSettings.js';
import { IDLE_TOKENS } from '../applications/idle/tokens.js';
import { DELIVERY_TOKENS } from '../delivery/tokens.js';
import { deliverySettingsFor } from '../delivery/DeliverySettings.js';

/** What the host tunes in code: createLendwire's `submissions`, `alerts` and `idle` options. */
export interface HostTuning {
  submissions?: Partial<SubmissionTuning>;
  alerts?: Partial<AlertSettings>;
  idle?: Partial<IdleSettings>;
}

/** The defaults with the host's option laid over them; a host option that breaks a rule fails here. */
function withHostOption<T>(option: string, defaults: T, given: Partial<T> | undefined, problemsOf: (settings: T) => FieldProblem[]): T {
  if (!given) return defaults;
  const settings = { ...defaults, ...given };
  const problems = problemsOf(settings);
  if (problems.length) throw new ConfigurationError(`Invalid createLendwire option "${option}"`, problems);
  return settings;
}

/**
 * The settings objects, each bound once: computed from the manifest and the host's
 * options when the container is built, so a bad option fails createLendwire rather
 * than the first job, and nothing is rebound afterwards.
 */
export function settingsModule(manifest: Manifest, host: HostTuning): ContainerModule {
  const runtime = resolveRuntimeSettings(manifest.runtime);
  const submissions: SubmissionTuning = { ...submissionTuning(runtime), ...host.submissions };
  const alerts = withHostOption('alerts', alertSettingsFor(manifest), host.alerts, alertSettingsProblems);
  const idle = withHostOption('idle', DEFAULT_IDLE_SETTINGS, host.idle, idleSettingsProblems);
  return new ContainerModule(({ bind }) => {
    bind(TOKENS.RuntimeSettings).toConstantValue(runtime);
    bind(DELIVERY_TOKENS.DeliverySettings).toConstantValue(deliverySettingsFor(manifest));
    bind(SUBMISSIONS_TOKENS.SubmissionTuning).toConstantValue(submissions);
    bind(ALERTS_TOKENS.AlertSettings).toConstantValue(alerts);
    bind(IDLE_TOKENS.IdleSettings).toConstantValue(idle);
  });
}
