import type { Request, Router } from 'express';
import { jsonBody } from '../../http/jsonBody.js';
import { correlationId } from '../../http/requestContext.js';
import { requireCapability } from './adminAccess.js';
import type { AdminServices } from './AdminServices.js';

const param = (req: Request, name: string) => String(req.params[name]);

/**
 * An operator settles an application whose submission outcome is unknown
 * (`needs_review`) or that failed (`submission_failed`): the lender has it,
 * resubmit it, or give up with a reason. One transaction writes the
 * transition, the outbox event and the audit row.
 */
export function mountReviewRoutes(r: Router, s: AdminServices): void {
  const { auth, applications } = s;

  r.post('/applications/:id/review', jsonBody(16 * 1024), async (req, res) => {
    const caller = await requireCapability(req, auth, 'act');
    const answer = await applications.resolveReview(param(req, 'id'), req.body, {
      actor: caller.principal.userId,
      dealerScope: caller.dealerScope,
      correlationId: correlationId(req),
    });
    res.json(answer);
  });
}
