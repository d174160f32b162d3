/**
 * The first start of `greenline serve` on a fresh embedded database: up within 20 s (issue 2),
 * a new key printed once. In the timing group: a PGlite boot in another worker slows the start.
 * The other CLI tests are in cli.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { startServer, stop, useDataDir } from '../support/cli-server.ts';

describe('greenline CLI first start (embedded database)', () => {
  const { env } = useDataDir();

  it('first start: serves /healthz within 20 s and prints a new key once; SIGTERM exits cleanly', async () => {
    const server = await startServer(env());
    try {
      // Issue 2 acceptance: up within 20 s on a fresh data directory.
      expect(server.readyMs).toBeLessThan(20_000);
      await new Promise((r) => setTimeout(r, 200));
      const key = /API key:[\s|]+(gl_[A-Za-z0-9_-]+)/.exec(server.output())?.[1];
      expect(key).toBeDefined();
      const res = await fetch(`${server.url}/v1/factors/resolve`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ activity: 'flight.economy' }),
      });
      expect(((await res.json()) as { factor: { value: number } }).factor.value).toBe(0.115);
    } finally {
      expect(await stop(server)).toBe(0);
    }
    const again = await startServer(env());
    try {
      expect(again.output()).not.toContain('API key:');
    } finally {
      await stop(again);
    }
  });
});
