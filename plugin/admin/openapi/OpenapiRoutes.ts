import type { Router } from 'express';
import { inject, injectable } from 'inversify';
import { TOKENS } from '../../kernel/tokens.js';
import type { Manifest } from '../../manifest/Manifest.js';
import type { RouteContributor } from '../../http/RouteContributor.js';
import { LENDWIRE_VERSION } from '../../kernel/lendwireVersion.js';
import { openapiDocument } from './openapiDocument.js';

/** `GET /openapi.json`: public (it documents the API, it holds no data). */
@injectable()
export class OpenapiRoutes implements RouteContributor {
  readonly order = 0;
  private cached: string | undefined;

  constructor(@inject(TOKENS.Manifest) private readonly manifest: Pick<Manifest, 'basePath'>) {}

  mount(router: Router): void {
    router.get('/openapi.json', (_req, res) => {
      this.cached ??= JSON.stringify(openapiDocument({ version: LENDWIRE_VERSION, basePath: this.manifest.basePath }));
      res.type('application/json').send(this.cached);
    });
  }
}
