/**
 * At most `max` uploads in flight per instance: an upload (POST /v1/batches) streams its file to
 * disk and starts a batch, and many at once would share the disk, the CPU and the pool until every
 * one of them was slow. Beyond `max`, the next one is refused before its body is read:
 * `503` `UPLOADS_BUSY` problem+json with `Retry-After` — a 503, not a 429, since the instance is
 * busy, whoever sent the request (docs/ingest.md#upload-limits).
 *
 * A slot is taken in the route's onRequest hook (after authentication and the rate limit) and
 * given back when the response is closed, whether it was sent, failed or abandoned by the client.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { HttpProblem } from '../problem.ts';

export interface UploadSlotsOptions {
  /** Uploads in flight at most; 0 turns the limit off. */
  max: number;
  /** The routes that take a slot, as `METHOD /path` with the scope's prefix (`POST /v1/batches`). */
  routes: readonly string[];
  /** Seconds a refused client is told to wait. */
  retryAfterSeconds?: number;
}

export interface UploadSlots {
  readonly max: number;
  inFlight(): number;
}

/** Adds the slot hook to the listed routes declared after it in `scope`. */
export function registerUploadSlots(scope: FastifyInstance, options: UploadSlotsOptions): UploadSlots | null {
  if (options.max <= 0) return null;
  const { max } = options;
  const retryAfter = String(options.retryAfterSeconds ?? 2);
  const routes = new Set(options.routes);
  let inFlight = 0;

  const takeSlot = async (_request: FastifyRequest, reply: FastifyReply) => {
    if (inFlight >= max) {
      throw new HttpProblem(503, 'UPLOADS_BUSY', `this server is receiving ${max} uploads already, its limit; retry after ${retryAfter} s (Retry-After)`, [], {
        'retry-after': retryAfter,
      });
    }
    inFlight++;
    // 'close' comes once per response: after it was sent, or when the connection went away.
    reply.raw.once('close', () => inFlight--);
  };

  scope.addHook('onRoute', (route: RouteOptions) => {
    const methods = [route.method].flat();
    if (!methods.some((m) => routes.has(`${m} ${route.url}`))) return;
    const own = route.onRequest;
    route.onRequest = [...(own === undefined ? [] : [own].flat()), takeSlot] as RouteOptions['onRequest'];
  });
  return { max, inFlight: () => inFlight };
}
