import type { Router } from 'express';
import type { RouteContributor } from '../../http/RouteContributor.js';
import { LENDWIRE_VERSION } from '../../kernel/lendwireVersion.js';
import { openapiDocument } from './openapiDocument.js';

/** `GET /openapi.json`: public (it documents the API, it holds no data). */
export function openapiRoutes(basePath: string): RouteContributor {
  let cached: string | undefined;
  return {
    order: 0,
    mount(router: Router) {
      router.get('/openapi.json', (_req, res) => {
        cached ??= JSON.stringify(openapiDocument({ version: LENDWIRE_VERSION, basePath }));
        res.type('application/json').send(cached);
      });
    },
  };
}
