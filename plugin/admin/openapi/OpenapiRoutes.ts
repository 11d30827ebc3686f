import type { Request, Response, Router } from 'express';
import { inject, injectable } from 'inversify';
import { TOKENS } from '../../kernel/tokens.js';
import type { Manifest } from '../../manifest/Manifest.js';
import type { RouteContributor } from '../../http/RouteContributor.js';
import { LENDWIRE_VERSION } from '../../kernel/lendwireVersion.js';
import { openapiDocument } from './openapiDocument.js';
import { renderDocsPage } from './docsPage/renderDocsPage.js';
import { DOCS_STYLESHEET } from './docsPage/docsStylesheet.js';

/** The docs page runs no script and loads nothing from elsewhere (the dashboard's policy, without script or fetch). */
const PAGE_HEADERS: Record<string, string> = {
  'content-security-policy': "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

/**
 * `GET /openapi.json` and `GET /docs` (the same document as an HTML reference,
 * with its stylesheet at `/docs/docs.css`): public, they describe the API and hold
 * no data. Both are built once, on first request.
 */
@injectable()
export class OpenapiRoutes implements RouteContributor {
  readonly order = 0;
  private document: Record<string, unknown> | undefined;
  private json: string | undefined;
  private page: string | undefined;

  constructor(@inject(TOKENS.Manifest) private readonly manifest: Pick<Manifest, 'basePath'>) {}

  private built(): Record<string, unknown> {
    this.document ??= openapiDocument({ version: LENDWIRE_VERSION, basePath: this.manifest.basePath });
    return this.document;
  }

  mount(router: Router): void {
    router.get('/openapi.json', (_req, res) => {
      this.json ??= JSON.stringify(this.built());
      res.type('application/json').send(this.json);
    });
    router.get('/docs', (req: Request, res: Response) => {
      // The page's relative links (docs/docs.css, openapi.json) need the address without a trailing slash.
      const [path, query] = req.originalUrl.split('?');
      if (path.endsWith('/')) {
        res.redirect(301, `${path.replace(/\/+$/, '')}${query ? `?${query}` : ''}`);
        return;
      }
      this.page ??= renderDocsPage(this.built(), 'docs/docs.css');
      for (const [k, v] of Object.entries(PAGE_HEADERS)) res.setHeader(k, v);
      res.type('text/html').send(this.page);
    });
    router.get('/docs/docs.css', (_req, res) => {
      res.setHeader('x-content-type-options', 'nosniff');
      res.type('text/css').send(DOCS_STYLESHEET);
    });
  }
}
