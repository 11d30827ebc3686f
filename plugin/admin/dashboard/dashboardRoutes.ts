import type { Request, Response, Router } from 'express';
import type { RouteContributor } from '../../http/RouteContributor.js';
import { NotFoundError } from '../../errors/index.js';
import { contentTypeOf, dashboardFiles } from './dashboardFiles.js';

/** Everything from our own origin only; the token in `?token=` never leaks through a Referer. */
const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

/** The page itself is served at `/admin/`, not among the assets. */
const PAGE = 'index.html';

function send(res: Response, name: string, body: Buffer): void {
  for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
  res.setHeader('cache-control', 'no-cache');
  res.type(contentTypeOf(name)).send(body);
}

/**
 * The operator dashboard at `/admin/`: a preact front-end bundled from `ui/`
 * (see dashboardFiles.ts for where the bundle comes from). The page holds no
 * data: it signs in with the user's token and reads everything from the
 * role-checked admin API.
 */
export function dashboardRoutes(): RouteContributor {
  return {
    order: 40,
    mount(router: Router) {
      router.get('/admin/', async (req: Request, res: Response) => {
        // Relative asset and API URLs need the trailing slash.
        if (!req.originalUrl.split('?')[0].endsWith('/')) {
          const [path, query] = req.originalUrl.split('?');
          res.redirect(301, `${path}/${query ? `?${query}` : ''}`);
          return;
        }
        send(res, PAGE, (await dashboardFiles()).get(PAGE)!);
      });
      router.get('/admin/assets/:file', async (req: Request, res: Response) => {
        const name = String(req.params.file);
        const body = name === PAGE ? undefined : (await dashboardFiles()).get(name);
        if (!body) throw new NotFoundError(`No dashboard asset ${name}`);
        send(res, name, body);
      });
    },
  };
}
