import type { Request, Response, Router } from 'express';
import type { RouteContributor } from '../../http/RouteContributor.js';
import { NotFoundError } from '../../errors/index.js';
import { INDEX_HTML } from './assets/indexHtml.js';
import { DASHBOARD_CSS } from './assets/dashboardCss.js';
import { CORE_JS } from './assets/coreJs.js';
import { VIEWS_MAIN_JS } from './assets/viewsMainJs.js';
import { VIEWS_OPS_JS } from './assets/viewsOpsJs.js';
import { START_JS } from './assets/startJs.js';

/**
 * The dashboard's files are TypeScript string modules so they ship inside
 * dist/ with the rest of the plugin (tsc copies no other files): no CDN, no
 * build step, and `npm start` from dist serves exactly what the tests saw.
 */
const ASSETS: Record<string, { type: string; body: string }> = {
  'dashboard.css': { type: 'text/css; charset=utf-8', body: DASHBOARD_CSS },
  'core.js': { type: 'text/javascript; charset=utf-8', body: CORE_JS },
  'views-main.js': { type: 'text/javascript; charset=utf-8', body: VIEWS_MAIN_JS },
  'views-ops.js': { type: 'text/javascript; charset=utf-8', body: VIEWS_OPS_JS },
  'start.js': { type: 'text/javascript; charset=utf-8', body: START_JS },
};

/** Everything from our own origin only; the token in `?token=` never leaks through a Referer. */
const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

function secure(res: Response): void {
  for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
}

/**
 * The operator dashboard at `/admin/`. The page holds no data: it signs in
 * with the user's token and reads everything from the role-checked admin API.
 */
export function dashboardRoutes(): RouteContributor {
  return {
    order: 40,
    mount(router: Router) {
      router.get('/admin/', (req: Request, res: Response) => {
        // Relative asset and API URLs need the trailing slash.
        if (!req.originalUrl.split('?')[0].endsWith('/')) {
          const [path, query] = req.originalUrl.split('?');
          res.redirect(301, `${path}/${query ? `?${query}` : ''}`);
          return;
        }
        secure(res);
        res.setHeader('cache-control', 'no-cache');
        res.type('text/html; charset=utf-8').send(INDEX_HTML);
      });
      router.get('/admin/assets/:file', (req: Request, res: Response) => {
        const asset = ASSETS[String(req.params.file)];
        if (!asset) throw new NotFoundError(`No dashboard asset ${String(req.params.file)}`);
        secure(res);
        res.setHeader('cache-control', 'no-cache');
        res.type(asset.type).send(asset.body);
      });
    },
  };
}
