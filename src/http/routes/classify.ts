/** Spend classification: free-text purchase lines → NAICS-6 with a confidence and the evidence (docs/classification.md). */
import type { FastifyInstance } from 'fastify';
import { HttpProblem } from '../problem.ts';
import type { RouteDeps } from './deps.ts';

export function classifyRoutes(app: FastifyInstance, _deps: RouteDeps): void {
  app.post('/classify/spend', { schema: { hide: true } }, async () => {
    throw new HttpProblem(501, 'NOT_IMPLEMENTED', 'spend classification is being built (issue 20)');
  });
}
