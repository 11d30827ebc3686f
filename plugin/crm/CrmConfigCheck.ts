import { inject, injectable } from 'inversify';
import { TOKENS } from '../kernel/tokens.js';
import type { Startable } from '../kernel/lifecycle.js';
import type { ExtensionPoint } from '../kernel/ExtensionPoint.js';
import { ConfigurationError } from '../errors/index.js';
import type { Manifest } from '../manifest/Manifest.js';
import type { CrmAdapter } from '../sdk/CrmAdapter.js';
import type { CrmTargetService } from './CrmTargetService.js';
import { crmConfigProblems } from './crmConfigProblems.js';
import { CRM_TOKENS } from './tokens.js';

/**
 * Runs at start, once adapters are registered: a CRM target its adapter
 * cannot work with stops start-up with every problem listed by manifest path;
 * targets paused under credentials that have since been replaced resume.
 */
@injectable()
export class CrmConfigCheck implements Startable {
  readonly name = 'crm-targets';

  constructor(
    @inject(TOKENS.Manifest) private readonly manifest: Pick<Manifest, 'crm'>,
    @inject(TOKENS.CrmAdapters) private readonly crms: ExtensionPoint<CrmAdapter>,
    @inject(CRM_TOKENS.CrmTargets) private readonly service: CrmTargetService,
  ) {}

  async start(): Promise<void> {
    const problems = crmConfigProblems(this.manifest, this.crms);
    if (problems.length) throw new ConfigurationError('The manifest has CRM targets their adapters cannot work with', problems);
    // A target paused for rejected credentials runs again once an admin has replaced them.
    await this.service.resumeWhereCredentialsChanged();
  }

  async stop(): Promise<void> {}
}
