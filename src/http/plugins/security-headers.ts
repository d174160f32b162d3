/**
 * Security headers on every answer (@fastify/helmet): no sniffing, no framing, no referrer, HSTS
 * for when a TLS proxy fronts the server, and a Content-Security-Policy that lets a page run
 * only what this server sends. The one page, /dashboard, loads its own script and styles and
 * uPlot from /dashboard/*, sets styles only through the DOM (allowed), and reads its server-sent
 * events from /dashboard/stream: `'self'` is all it needs, so no inline script or style, nothing
 * from elsewhere, no plugins, no forms, no framing (docs/security.md#security-headers).
 */
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

export const CONTENT_SECURITY_POLICY = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'"],
  'img-src': ["'self'"],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
} as const;

/** Registered before the routes; applies to every route of the app. */
export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    // Not helmet's defaults: they add upgrade-insecure-requests, which would send the dashboard's
    // own requests to https:// on a server that speaks plain HTTP (the default, on 127.0.0.1).
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    referrerPolicy: { policy: 'no-referrer' },
    // As frame-ancestors 'none', for browsers that read only the older header.
    xFrameOptions: { action: 'deny' },
  });
}
