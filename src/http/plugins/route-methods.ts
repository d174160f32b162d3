/**
 * Which methods each route path answers, collected as routes are declared, so a request with a
 * method a path does not support is answered 405 with an `Allow` header (RFC 9110 §15.5.6)
 * instead of 404.
 */
import type { FastifyInstance } from 'fastify';

export interface RouteMethods {
  /** The methods routed for this request path (percent-encoded, no query), sorted; empty when none. */
  allowedFor(path: string): string[];
}

/** `/v1/factors/:id` → a pattern matching `/v1/factors/<one segment>`; `*` matches the rest. */
function pathPattern(url: string): RegExp {
  const escaped = url.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped.replace(/:[A-Za-z0-9_]+/g, '[^/]+').replace(/\*/g, '.*')}$`);
}

/** Starts collecting; call before any route is declared (an onRoute hook sees only later routes). */
export function trackRouteMethods(app: FastifyInstance): RouteMethods {
  const byUrl = new Map<string, { pattern: RegExp; methods: Set<string> }>();
  app.addHook('onRoute', (route) => {
    const entry = byUrl.get(route.url) ?? { pattern: pathPattern(route.url), methods: new Set<string>() };
    byUrl.set(route.url, entry);
    for (const method of [route.method].flat()) {
      entry.methods.add(method);
      // Fastify answers HEAD for every GET route (exposeHeadRoutes).
      if (method === 'GET') entry.methods.add('HEAD');
    }
  });
  return {
    allowedFor(path) {
      const allowed = new Set<string>();
      for (const { pattern, methods } of byUrl.values()) if (pattern.test(path)) for (const m of methods) allowed.add(m);
      return [...allowed].sort();
    },
  };
}
